// One Nest application with Apollo (schema-first, plain resolvers: no guard, no Nest resolver
// wrapping) on the HTTP platform named by argv[2] (express | fastify), listening on argv[3]. It
// answers `{ me { id } }` and an `alerts` list of 50 nodes with the bench's five fields, so the
// difference between two runs is the HTTP platform's share of a request and nothing else.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver } from '@nestjs/apollo';

const [platform, port] = [process.argv[2], Number(process.argv[3])];
const nodes = Array.from({ length: 50 }, (_, i) => ({
  id: `a-${i}`,
  status: 'OPEN',
  riskScore: 0.5 + i / 100,
  assignee: null,
  amount: 120,
}));

class AppModule {}
Module({
  imports: [
    GraphQLModule.forRoot({
      driver: ApolloDriver,
      path: '/graphql',
      graphiql: false,
      typeDefs:
        'type Query { me: User, alerts: [Alert!]! } type User { id: ID } ' +
        'type Alert { id: ID!, status: String!, riskScore: Float!, assignee: String, amount: Float! }',
      resolvers: { Query: { me: () => ({ id: 'x' }), alerts: () => nodes } },
    }),
  ],
})(AppModule);

let app;
if (platform === 'fastify') {
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
} else {
  app = await NestFactory.create(AppModule, { logger: false });
}
await app.listen(port, '127.0.0.1');
process.stdout.write('ready\n');
