/** SIP transports: UDP, TCP and in-process loopback behind one interface, and the RFC 3581/3263/18.2.2 address rules. */
export { isReliable, TransportError, type SendErrorSink, type Transport, type TransportFailure, type TransportSink } from './transport.js';
export { addressFamily, createListener, defaultPort, listenerId, recordRouteUri, uriHost, viaValue, type ListenSpec, type Listener } from './listen.js';
export { UdpTransport, type UdpTransportOptions, type UdpTransportStats } from './udp-transport.js';
export { TcpTransport, type TcpTransportOptions, type TcpTransportStats } from './tcp-transport.js';
export { LoopbackNetwork, LoopbackTransport, type LoopbackFilter } from './loopback-transport.js';
export { TransportSet } from './transport-set.js';
export { addReceivedParams, viaWithReceived } from './via-received.js';
export { isNumericHost, numericDest, responseDestination, viaProto, viaTarget, type HostTarget } from './response-destination.js';
export { Resolver, ResolveError, targetDest, uriHostTarget, type AddressLookup, type ResolvedTarget, type ResolverOptions, type SrvLookup, type SrvRecord } from './resolver.js';
export { errorReplyFromHeaderBytes } from './error-reply.js';
