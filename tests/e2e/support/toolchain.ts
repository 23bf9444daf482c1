import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const repoRoot = path.resolve(__dirname, "../../..");

function npmVersion(pkg: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", pkg, "package.json"), "utf8"));
  return manifest.version as string;
}

export interface Toolchain {
  pulumi: string;
  kubeScore: string;
  /** PATH with the CLI's bin dir (language host) first. */
  binDir: string;
}

/**
 * Locates what scripts/install-pulumi.sh and scripts/install-go-tools.sh install, at the versions the
 * npm dependencies pin. Returns the missing pieces instead when anything is absent.
 */
export function findToolchain(): Toolchain | { missing: string[] } {
  const pulumiHome = process.env.PULUMI_HOME ?? path.join(os.homedir(), ".pulumi");
  const binDir = path.join(pulumiHome, "versions", npmVersion("@pulumi/pulumi"), "bin");
  const wanted: [string, string][] = [
    [path.join(binDir, "pulumi"), "scripts/install-pulumi.sh"],
    [path.join(binDir, "pulumi-language-nodejs"), "scripts/install-pulumi.sh"],
    ...["kubernetes", "random"].map((p): [string, string] => [
      path.join(pulumiHome, "plugins", `resource-${p}-v${npmVersion(`@pulumi/${p}`)}`, `pulumi-resource-${p}`),
      "scripts/install-pulumi.sh",
    ]),
    [path.join(repoRoot, ".tools/bin/kube-score"), "scripts/install-go-tools.sh kube-score"],
  ];
  const missing = wanted.filter(([file]) => !fs.existsSync(file)).map(([file, fix]) => `${file} (run: bash ${fix})`);
  if (missing.length > 0) return { missing };
  return { pulumi: path.join(binDir, "pulumi"), kubeScore: path.join(repoRoot, ".tools/bin/kube-score"), binDir };
}
