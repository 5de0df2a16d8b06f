// Every route module, registered in one place (one folder per URL prefix under routes/v1).
import type { FastifyPluginAsync } from 'fastify'

const routes: FastifyPluginAsync = async (_app) => {
  // route modules are registered here as the resources land
}

export default routes
