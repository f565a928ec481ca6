# One image for the four services; docker-compose.yml picks the entry point of each.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0
COPY --from=build /app /app
USER node
# Overridden per service in docker-compose.yml.
CMD ["node", "gateway/dist/main.js"]
