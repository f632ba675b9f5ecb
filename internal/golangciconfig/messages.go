package golangciconfig

import "strconv"

// V1RefusesV2Config is what golangci-lint v1.64.8 stops with when it
// finds a `version: "2"` configuration (earlier v1 releases run with the
// v2 sections ignored).
const V1RefusesV2Config = "Error: you are using a configuration file for golangci-lint v2 with golangci-lint v1: please use golangci-lint v2"

// V2RefusesConfig is what golangci-lint v2 stops with when the
// configuration's `version` is not "2" (version is "" without the key).
func V2RefusesConfig(version string) string {
	return "Error: can't load config: unsupported version of the configuration: " + strconv.Quote(version) +
		" See https://golangci-lint.run/docs/product/migration-guide for migration instructions"
}
