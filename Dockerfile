# The course and its demo server in one image. Build: docker build -t sockets-and-packets .
# Run: docker run -d -p 4321:4321 sockets-and-packets; several nodes on Redis behind nginx: deploy/compose.yaml

# 1. Build the site (Astro + Pagefind) with every dependency.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN ASTRO_TELEMETRY_DISABLED=1 npm run build

# 2. Run it with production dependencies only; Node ≥ 22.18 runs the server's TypeScript as is.
FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4321
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY server ./server
COPY src ./src
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4321
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4321/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form, so node itself receives SIGTERM and closes its sockets (compose adds an init as PID 1).
CMD ["node", "server/index.ts"]
