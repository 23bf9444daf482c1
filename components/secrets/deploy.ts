import { SecretsLayer, StackContext } from "../contracts";
import { AwsSecretsManagerBackend } from "./aws-backend";
import { VaultBackend } from "./vault-backend";

/** The secrets layer: AWS Secrets Manager + External Secrets (aws target) or Vault (cluster target). */
export function deploySecrets(ctx: StackContext): SecretsLayer {
    const name = `${ctx.config.appName}-secrets`;
    return ctx.config.secrets.backend === "aws-secrets-manager"
        ? new AwsSecretsManagerBackend(name, { ctx }, { parent: ctx.parent })
        : new VaultBackend(name, { ctx }, { parent: ctx.parent });
}
