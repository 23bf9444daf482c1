// The backup images themselves (postgres runs the scripts, amazon/aws-cli donates its CLI bundle, copied by an init
// container into an emptyDir mounted at the same path in the postgres container) are in components/config/default-images.ts.

/** Where the AWS CLI bundle lives in both images; its `current` symlink is absolute, so the path must not change. */
export const AWS_CLI_DIR = "/usr/local/aws-cli";
