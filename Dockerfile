# Node.js 24, the current LTS (the suite also runs on 20.19+; see package.json engines)
FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY clients/typescript/package.json ./clients/typescript/
COPY prisma ./prisma
# dev dependencies too: TypeScript and Vite build dist/, and postinstall builds tap's plugins
RUN npm ci --no-audit --no-fund
COPY . .
# the compiled server and worker (dist/) and the console and demo pages (dist/web/)
RUN npm run build
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
# glibc's malloc reads these when a process starts: two arenas for every thread, and buffers over
# 128 KB mapped and unmapped, so libvips' decoded images do not stay resident (docs/media.md)
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
EXPOSE 3000
USER node
CMD ["npm", "start"]
