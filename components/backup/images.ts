/**
 * Images of the backup jobs, pinned, both official: postgres (pg_dump, psql, gzip, openssl, bash, GNU coreutils) runs
 * the scripts; amazon/aws-cli only donates its self-contained AWS CLI bundle, copied by an init container into an
 * emptyDir mounted at the same path (/usr/local/aws-cli) in the postgres container, for S3 destinations.
 * The postgres major matches the server's (16): pg_dump refuses servers newer than itself.
 */
export const BACKUP_IMAGES = {
    postgres: "postgres:16.9-bookworm",
    awsCli: "amazon/aws-cli:2.27.0",
} as const;

/** Where the AWS CLI bundle lives in both images; its `current` symlink is absolute, so the path must not change. */
export const AWS_CLI_DIR = "/usr/local/aws-cli";
