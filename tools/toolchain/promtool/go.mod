module prod-stack.io/tools/toolchain/promtool

go 1.26.0

replace cloud.google.com/go => cloud.google.com/go v0.123.0
