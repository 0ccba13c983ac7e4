/**
 * Types shared by the HTTP layer. Upstream clients are authenticated inside the Lambda (middleware), and
 * the authenticated client is attached to the event where an API Gateway Lambda authorizer would put it.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';

/** An upstream government system allowed to call the 🔑 endpoints. */
export interface ApiClient {
  clientId: string;
  name: string;
  /** Service item codes this client may act on; `*` means all. */
  serviceItems: string[];
  /** Departments this client may record decisions for; `*` means all. */
  departments: string[];
}

export type HttpEvent = APIGatewayProxyEventV2 & {
  /** Set by the authenticate middleware on 🔑 routes. */
  client?: ApiClient;
  /** Set by the request-id middleware. */
  requestId?: string;
  /** Set by the routing middleware: the matched route's idempotency flag (read by the idempotency middleware). */
  idempotent?: boolean;
};

export type HttpResult = Exclude<APIGatewayProxyResultV2, string> & {
  headers?: Record<string, string>;
  body?: string;
};

export type { Context };
