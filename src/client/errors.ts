// Errors are values with a kind, the Tencent code and its meaning, the RequestId, whether a retry
// may help, and whether the request may have taken effect. They never carry the URL's query
// (which holds the UserSig) nor any header.
import type { Delivery, ErrorKind } from './types.js';

export interface LiveErrorInit {
  kind: ErrorKind;
  message: string;
  code?: number;
  /** The string code of a Tencent Cloud API 3.0 error (e.g. AuthFailure.SignatureFailure); `code` stays unset. */
  codeName?: string;
  meaning?: string;
  /** Tencent's own ErrorInfo text (scrubbed of secrets), when it adds to the meaning. */
  info?: string;
  requestId?: string;
  httpStatus?: number;
  retryable: boolean;
  delivery: Delivery;
  /** The catalog name of the endpoint called (e.g. conference_create_room), which is also its tool's name. */
  endpointName?: string;
}

export class LiveError extends Error {
  readonly kind: ErrorKind;
  readonly code?: number;
  readonly codeName?: string;
  readonly meaning?: string;
  readonly info?: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly retryable: boolean;
  readonly delivery: Delivery;
  /** The catalog name of the endpoint called (e.g. conference_create_room), which is also its tool's name. */
  readonly endpointName?: string;

  constructor(init: LiveErrorInit) {
    super(init.message);
    this.name = 'LiveError';
    this.kind = init.kind;
    this.code = init.code;
    this.codeName = init.codeName;
    this.meaning = init.meaning;
    this.info = init.info;
    this.requestId = init.requestId;
    this.httpStatus = init.httpStatus;
    this.retryable = init.retryable;
    this.delivery = init.delivery;
    this.endpointName = init.endpointName;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name, kind: this.kind, message: this.message, code: this.code, codeName: this.codeName, meaning: this.meaning, info: this.info,
      requestId: this.requestId, httpStatus: this.httpStatus, retryable: this.retryable,
      delivery: this.delivery, endpointName: this.endpointName,
    };
  }
}
