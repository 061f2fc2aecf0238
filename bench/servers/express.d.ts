// @types/express is not installed (deps are fixed); the little the bench uses, typed by hand.
declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  interface Request extends IncomingMessage {
    body: unknown;
    originalUrl: string;
  }
  interface Response extends ServerResponse {
    status(code: number): Response;
    json(value: unknown): Response;
  }
  type Handler = (req: Request, res: Response, next: () => void) => void;
  interface Express {
    use(handler: Handler): Express;
    listen(port: number, host: string, cb: () => void): Server;
  }
  interface ExpressFn {
    (): Express;
    raw(options: { type: (req: IncomingMessage) => boolean; limit: string }): Handler;
  }
  const express: ExpressFn;
  export default express;
}
