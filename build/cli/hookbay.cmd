@echo off
rem `hookbay` in a terminal, from the installed Windows app: add this folder
rem (<install dir>\resources\bin) to PATH. It runs the app's own executable with your
rem arguments; the app runs its command line for serve, --help, --version ...
rem (src-main/cli-commands.ts) and opens the desktop app otherwise.
"%~dp0..\..\Hookbay.exe" %*
