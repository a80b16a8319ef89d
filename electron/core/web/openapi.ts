/** OpenAPI 3.1 description of the web host's API, generated from the contract's schemas. */
import { z } from 'zod';
import { calls, events } from '../../../shared/api/contract';
import { ERROR_CODES } from '../../../shared/api/result';
import { APP_VERSION } from '../version';

export function buildOpenApi(): Record<string, unknown> {
  const errorSchema = {
    type: 'object',
    required: ['ok', 'error'],
    properties: {
      ok: { const: false },
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: [...ERROR_CODES] },
          message: { type: 'string' },
          issues: {
            type: 'array',
            items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  };
  const paths: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(calls)) {
    paths[`/api/call/${name}`] = {
      post: {
        operationId: name,
        summary: spec.summary,
        security: [{ token: [] }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: z.toJSONSchema(spec.input, { io: 'input' }) } },
        },
        responses: {
          '200': {
            description: 'The call ran: `ok: true` with its value, or `ok: false` with a stable error code.',
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    {
                      type: 'object',
                      required: ['ok', 'value'],
                      properties: {
                        ok: { const: true },
                        value: z.toJSONSchema(spec.output, { io: 'output' }),
                      },
                    },
                    errorSchema,
                  ],
                },
              },
            },
          },
          '401': { description: 'Missing or wrong token.' },
          '403': { description: 'Request from another Origin or Host.' },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Lifeline local API',
      version: APP_VERSION,
      description:
        'The API of one Lifeline console, served on 127.0.0.1 only by `lifeline serve`. Every call is POST /api/call/{name} with a JSON body; push events arrive on the WebSocket /api/events?token=… as {"event","payload"} messages.',
    },
    components: {
      securitySchemes: {
        token: {
          type: 'http',
          scheme: 'bearer',
          description: 'The per-run token printed by lifeline serve.',
        },
      },
    },
    paths,
    'x-events': Object.fromEntries(
      Object.entries(events).map(([name, schema]) => [name, z.toJSONSchema(schema, { io: 'output' })]),
    ),
  };
}
