// Placeholder: the Electron shell is built in its own issue (#7).
import { app } from 'electron';

void app.whenReady().then(() => {
  console.log('Hookbay desktop shell is not implemented yet; use `npm run serve`.');
  app.quit();
});
