# One image for the four services (and the simulator); the service is chosen by the command.
# Multi-stage: build with dev dependencies, run with production dependencies only, as a non-root user.
# No secrets are baked in: JWT_SECRET, DATABASE_URL etc. come from the environment at run time.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# onnxruntime-node's install script would download CUDA files; its CPU library ships in the package.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY bench ./bench
COPY scripts ./scripts
RUN npm run build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY models ./models
COPY apps/case-management/schema.gql ./apps/case-management/schema.gql
USER node
# Each service answers /health on its own port; compose sets the right URL per service.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch(process.env.HEALTHCHECK_URL||'http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=32", "dist/apps/case-management/src/main.js"]
