import { SipRequest } from '../sip-request.js';

/**
 * A copy of a request for one branch: the header list is copied, the header fields, body and
 * source bytes are shared (fields are never changed in place: every edit replaces them), so
 * editing the copy leaves the original as it was. An unedited copy serializes to the
 * original bytes without re-formatting.
 */
export function cloneRequest(req: SipRequest): SipRequest {
  return new SipRequest(req.method, req.requestUriText, req.version, req.headers.slice(), req.body, req.source);
}
