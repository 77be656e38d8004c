import { AppError } from '../errors.js';

/** The server answered with a fault (BINRPC fault packet or JSON-RPC `error`). */
export class RpcFaultError extends AppError {
  readonly faultCode: number;
  readonly faultMessage: string;
  readonly method: string;

  constructor(method: string, faultCode: number, faultMessage: string) {
    super('E_RPC_FAULT', `RPC ${method} failed: ${faultCode} ${faultMessage}`);
    this.name = 'RpcFaultError';
    this.method = method;
    this.faultCode = faultCode;
    this.faultMessage = faultMessage;
  }
}
