module prod-stack.io/tools/toolchain/crds

go 1.26.0

// Not built: these modules are downloaded for the CRD YAML they ship (see sources.txt), each at the version
// of the Helm chart that installs it (components/addons/versions.ts; tests/cluster/crd-pins.test.ts checks).
require (
	github.com/cert-manager/cert-manager v1.19.4
	github.com/envoyproxy/gateway v1.9.0
	github.com/external-secrets/external-secrets v1.3.2
	github.com/prometheus-operator/prometheus-operator v0.83.0
	github.com/zalando/postgres-operator v1.14.0
)
