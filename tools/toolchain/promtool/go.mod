module prod-stack.io/tools/toolchain/promtool

go 1.26.8
