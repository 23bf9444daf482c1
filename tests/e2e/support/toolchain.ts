import * as fs from "node:fs";
import * as path from "node:path";
import { cliRoot, installedVersion, pulumiHome, repoRoot } from "../../../tools/engine/paths";

/** The pieces the suite runs, as scripts/install-pulumi.sh and scripts/install-go-tools.sh install them. */
export function requiredTools(): { missing: string[]; kubeScore: string } {
    const kubeScore = path.join(repoRoot, ".tools/bin/kube-score");
    const wanted: [string, string][] = [
        [path.join(cliRoot(), "bin", "pulumi"), "bash scripts/install-pulumi.sh"],
        ...["kubernetes", "random"].map((p): [string, string] => {
            const v = installedVersion(`@pulumi/${p}`);
            return [path.join(pulumiHome(), "plugins", `resource-${p}-v${v}`, `pulumi-resource-${p}`), "bash scripts/install-pulumi.sh"];
        }),
        [kubeScore, "bash scripts/install-go-tools.sh kube-score"],
    ];
    return { missing: wanted.filter(([f]) => !fs.existsSync(f)).map(([f, fix]) => `${f} (install: ${fix})`), kubeScore };
}
