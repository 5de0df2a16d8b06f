// The client's types from the OpenAPI document, as `npm run openapi` writes them to src/schema.d.ts.
// openapi-typescript prints with the TypeScript 5 compiler API (TypeScript 7 has none), so it and
// TypeScript 5 are this package's own dev dependencies, installed beside it by the npm workspace.
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript'

export const TYPES_FILE = 'clients/typescript/src/schema.d.ts'

export async function generateClientTypes(document: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(document) as OpenAPI3, { silent: true })
  return COMMENT_HEADER + astToString(ast)
}
