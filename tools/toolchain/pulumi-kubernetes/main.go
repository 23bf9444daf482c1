// Command pulumi-resource-kubernetes serves the Kubernetes resource provider as a Pulumi plugin.
//
// Upstream's own main embeds files its Makefile generates and git ignores, so the module zip cannot build it;
// scripts/install-pulumi.sh writes those two files here from the module's committed schema.json and
// terraform-mapping.json before building this package.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var schemaJSON []byte

//go:embed terraform-mapping-embed.json
var terraformMappingJSON []byte

func main() {
	provider.Serve("kubernetes", version.Version, schemaJSON, terraformMappingJSON)
}
