// The offline backend stays on this machine: it listens on 127.0.0.1 whatever the generic HOST
// says (many containers set HOST=0.0.0.0), and only its own FOLIO_OFFLINE_BACKEND_HOST moves it.
import { connect } from "node:net";
import { offlineBackendSettings } from "../../tools/local-backend/settings";
import { startBackendProcess } from "./backendProcess";

/** Whether a TCP connection to host:port is accepted (refused connections resolve false). */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("offlineBackendSettings", () => {
  it("binds 127.0.0.1 by default and ignores the generic HOST", () => {
    expect(offlineBackendSettings({}).host).toBe("127.0.0.1");
    expect(offlineBackendSettings({ HOST: "0.0.0.0" }).host).toBe("127.0.0.1");
    expect(offlineBackendSettings({ HOST: "::" }).host).toBe("127.0.0.1");
  });

  it("binds another address only when FOLIO_OFFLINE_BACKEND_HOST says so", () => {
    expect(offlineBackendSettings({ HOST: "127.0.0.1", FOLIO_OFFLINE_BACKEND_HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(offlineBackendSettings({ FOLIO_OFFLINE_BACKEND_HOST: "" }).host).toBe("127.0.0.1");
  });

  it("reads the port, the web app's URL, the catalogue seed and dev seeding from their own variables", () => {
    expect(offlineBackendSettings({})).toMatchObject({ port: 3210, portFixed: false, siteUrl: "http://127.0.0.1:3000", seed: 1 });
    expect(
      offlineBackendSettings({
        FOLIO_OFFLINE_BACKEND_PORT: "0",
        PORT: "4000",
        FOLIO_OFFLINE_SEED: "7",
        FOLIO_OFFLINE_DEV_SEEDING: "1",
      }),
    ).toEqual({ port: 0, portFixed: true, host: "127.0.0.1", siteUrl: "http://127.0.0.1:4000", seed: 7, devSeeding: true });
    expect(offlineBackendSettings({ SITE_URL: "http://127.0.0.1:39300" }).siteUrl).toBe("http://127.0.0.1:39300");
    expect(offlineBackendSettings({ FOLIO_OFFLINE_DEV_SEEDING: "yes" }).devSeeding).toBe(false);
  });
});

describe("the offline backend process", () => {
  it("with HOST=0.0.0.0 in its environment still accepts connections on 127.0.0.1 only", async () => {
    const backend = await startBackendProcess({ HOST: "0.0.0.0" });
    try {
      const url = new URL(backend.url);
      expect(url.hostname).toBe("127.0.0.1");
      const port = Number(url.port);
      expect(await accepts("127.0.0.1", port)).toBe(true);
      // 127.0.0.2 is this machine too (Linux routes all of 127/8 to loopback), but not the address
      // the backend bound: a server on 0.0.0.0 would accept it.
      expect(await accepts("127.0.0.2", port)).toBe(false);
    } finally {
      await backend.stop();
    }
  });
});
