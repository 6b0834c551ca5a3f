// The Apollo options the API starts with: in every environment no landing page (Apollo's loads from
// a CDN; banks run air-gapped), no GraphiQL from unpkg, nothing reported to Apollo's cloud.
import { TokenVerifier } from '../auth/token-verifier.js';
import { graphqlOptions } from './graphql-options.js';

const verifier = new TokenVerifier({ JWT_SECRET: 'unit-secret-unit-secret-unit-secret-0' });
const internalIds = (plugins: unknown[] | undefined) =>
  (plugins ?? []).map((plugin) => (plugin as { __internal_plugin_id__?: string }).__internal_plugin_id__);

describe('graphqlOptions', () => {
  it.each([
    ['development (introspection on)', true],
    ['production (introspection off)', false],
  ])('in %s disables the landing page, GraphiQL and Apollo reporting', (_env, introspection) => {
    const options = graphqlOptions(verifier, {
      introspection,
      maxDepth: 8,
      maxCost: 5000,
      emitSchema: false,
    });
    expect(options.graphiql).toBe(false);
    expect(options.introspection).toBe(introspection);
    expect(internalIds(options.plugins)).toEqual(
      expect.arrayContaining(['LandingPageDisabled', 'UsageReporting', 'SchemaReporting', 'CacheControl']),
    );
  });
});
