FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY migrations ./migrations
COPY charts ./charts
COPY manifest ./manifest
USER node
EXPOSE 4318
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "src/main/start.ts"]
