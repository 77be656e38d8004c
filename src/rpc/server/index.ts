/** The server side of the control plane: registry, dispatcher, BINRPC and JSON-RPC listeners. */
export { RpcRegistry, firstDocLine, UNDOCUMENTED } from './registry.js';
export { RpcDispatcher, type RpcOrigin, type RpcOutcome, type RpcProtocol, type ServerRpcContext, type RpcDispatchStats } from './dispatcher.js';
export { RpcServerSet, type BinrpcListen, type RpcServerSetConfig, type RpcServerSetOptions } from './rpc-server-set.js';
export { rpcServerConfigFromModparams, parseBinrpcListen, parseDgramSocket, type ModuleParams, type ModparamContext } from './modparams.js';
export { BinrpcStreamServer } from './binrpc-stream-server.js';
export { BinrpcDatagramServer } from './binrpc-datagram-server.js';
export { JsonRpcFifoServer } from './jsonrpc-fifo-server.js';
export { JsonRpcDatagramServer } from './jsonrpc-datagram-server.js';
export { JsonRpcHttpServer } from './jsonrpc-http-server.js';
export { DEFAULT_LIMITS, type RpcServerLimits } from './limits.js';
export type { RpcListener, RpcListenerStats } from './rpc-listener.js';
export type { RpcServerLogger } from './server-logger.js';
export type { SocketFileAccess } from './socket-file.js';
