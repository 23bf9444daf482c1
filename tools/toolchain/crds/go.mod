module prod-stack.io/tools/toolchain/crds

go 1.26.0
