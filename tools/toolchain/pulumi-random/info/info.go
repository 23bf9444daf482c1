// Package info describes how the Terraform random provider maps onto Pulumi's random package, for both the
// schema generator (cmd/pulumi-tfgen-random) and the plugin (cmd/pulumi-resource-random).
package info

import (
	pftfbridge "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	"github.com/terraform-providers/terraform-provider-random/internal/provider"
)

// Version is the Pulumi package version, set at build time (-ldflags -X) to the @pulumi/random version of
// package.json: the engine loads a plugin only when its version equals the one the SDK asks for.
var Version = "0.0.0-dev"

// Provider returns the bridge description. metadata is the bridge-metadata.json the generator wrote (its
// token and schema decisions), empty ("{}") when generating for the first time.
func Provider(metadata []byte) tfbridge.ProviderInfo {
	p := tfbridge.ProviderInfo{
		P:                 pftfbridge.ShimProvider(provider.New()),
		Name:              "random",
		Version:           Version,
		DisplayName:       "Random",
		Publisher:         "Pulumi",
		Description:       "A Pulumi package to safely use randomness in Pulumi programs.",
		License:           "Apache-2.0",
		Homepage:          "https://pulumi.io",
		Repository:        "https://github.com/pulumi/pulumi-random",
		GitHubOrg:         "hashicorp",
		MetadataInfo:      tfbridge.NewProviderMetadata(metadata),
		UpstreamRepoPath:  ".",
		// Every Terraform type random_<name> becomes random:index/<name>:<Name>, the tokens @pulumi/random uses
		// (random_password -> random:index/randomPassword:RandomPassword).
		Resources:   map[string]*tfbridge.ResourceInfo{},
		DataSources: map[string]*tfbridge.DataSourceInfo{},
	}
	standard := tokens.MakeStandard("random")
	p.MustComputeTokens(tokens.SingleModule("random_", "index", func(module, name string) (string, error) {
		return standard(module, "Random"+name)
	}))
	return p
}
