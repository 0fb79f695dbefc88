/** docker-compose.yml's monitoring profile: what it mounts from deploy/ exists and is where the services look. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = join(import.meta.dirname, "../..");

interface Service {
  profiles?: string[];
  command?: string[];
  volumes?: string[];
}

it("mounts deploy/'s files where Prometheus and Grafana read them (no Docker engine needed)", () => {
  const compose = parse(readFileSync(join(ROOT, "docker-compose.yml"), "utf8")) as {
    services: Record<string, Service>;
  };
  const { prometheus, grafana, feedwright } = compose.services;
  // `docker compose up -d` still starts the daemon alone.
  expect(feedwright?.profiles).toBeUndefined();
  expect(prometheus?.profiles).toEqual(["monitoring"]);
  expect(grafana?.profiles).toEqual(["monitoring"]);
  const mounts = (s: Service) =>
    new Map(
      (s.volumes ?? []).filter((v) => v.startsWith("./")).map((v) => [v.split(":")[1]!, v.split(":")[0]!]),
    );
  for (const s of [prometheus!, grafana!])
    for (const source of mounts(s).values()) expect(existsSync(join(ROOT, source)), source).toBe(true);

  // Prometheus reads its config from the mounted folder, and alerts.yml beside it.
  const config = prometheus!.command!.find((a) => a.startsWith("--config.file="))!.split("=")[1]!;
  const folder = mounts(prometheus!).get(config.slice(0, config.lastIndexOf("/")));
  expect(folder).toBe("./deploy/prometheus");
  expect(existsSync(join(ROOT, folder!, config.slice(config.lastIndexOf("/") + 1)))).toBe(true);

  // Grafana's dashboard provider looks in the folder the dashboard is mounted into.
  const provider = parse(
    readFileSync(join(ROOT, "deploy/grafana/provisioning/dashboards/feedwright.yml"), "utf8"),
  ) as { providers: { options: { path: string } }[] };
  const dashboards = provider.providers[0]!.options.path;
  expect(mounts(grafana!).get(`${dashboards}/feedwright.json`)).toBe("./deploy/grafana/feedwright.json");
  // The data source the dashboard's panels use is the compose file's Prometheus.
  const source = parse(
    readFileSync(join(ROOT, "deploy/grafana/provisioning/datasources/prometheus.yml"), "utf8"),
  ) as { datasources: { type: string; url: string }[] };
  expect(source.datasources[0]).toMatchObject({ type: "prometheus", url: "http://prometheus:9090" });
});
