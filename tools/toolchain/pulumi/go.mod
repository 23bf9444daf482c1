module prod-stack.io/tools/toolchain/pulumi

go 1.25.0

// The Pulumi CLI's main package lives in pkg/v3. Upstream builds it with
// `replace github.com/pulumi/pulumi/sdk/v3 => ../sdk`; outside the monorepo the same pairing is
// expressed by requiring sdk/v3 at the same release as pkg/v3.
require (
	github.com/pulumi/pulumi/pkg/v3 v3.270.0
	github.com/pulumi/pulumi/sdk/v3 v3.270.0
)

// Restated from pkg/v3's go.mod (replaces of a dependency are ignored by Go, so the build would
// otherwise pick the unpatched clipboard module).
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e

tool github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
