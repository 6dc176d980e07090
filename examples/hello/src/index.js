// The smallest Worker: answers every request with a greeting from `env`.
export default {
  async fetch(request, env, ctx) {
    return new Response(`${env.GREETING} from Kiln!\n`, { headers: { "content-type": "text/plain" } });
  },
};
