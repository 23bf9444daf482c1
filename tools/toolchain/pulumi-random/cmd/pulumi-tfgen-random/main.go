// Command pulumi-tfgen-random generates the random package's Pulumi schema and bridge metadata from the
// Terraform provider's own schema: `pulumi-tfgen-random schema --out ../pulumi-resource-random`.
package main

import (
	pftfgen "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"

	"github.com/terraform-providers/terraform-provider-random/prodstackbridge/info"
)

func main() {
	pftfgen.Main("random", info.Provider([]byte("{}")))
}
