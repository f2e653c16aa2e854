// A stand-in for hashicorp/aws that only plans: the schemas of the resources pullguard reads, planned
// as the real (SDKv2) provider plans them, and the data sources a plan reads. See README.md.
package main

import (
	"context"
	"fmt"
	"log"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5/tf5server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func main() {
	err := tf5server.Serve("registry.terraform.io/hashicorp/aws", func() tfprotov5.ProviderServer { return &server{data: &providerData{}} })
	if err != nil {
		log.Fatal(err)
	}
}

// The account and partition of every plan: fixed, so that fixtures are reproducible.
const (
	accountID = "123456789012"
	partition = "aws"
)

type server struct {
	data *providerData
}

func (s *server) GetMetadata(context.Context, *tfprotov5.GetMetadataRequest) (*tfprotov5.GetMetadataResponse, error) {
	out := &tfprotov5.GetMetadataResponse{}
	for _, name := range sortedKeys(resources) {
		out.Resources = append(out.Resources, tfprotov5.ResourceMetadata{TypeName: name})
	}
	for _, name := range sortedKeys(dataSources) {
		out.DataSources = append(out.DataSources, tfprotov5.DataSourceMetadata{TypeName: name})
	}
	return out, nil
}

func (s *server) GetProviderSchema(context.Context, *tfprotov5.GetProviderSchemaRequest) (*tfprotov5.GetProviderSchemaResponse, error) {
	out := &tfprotov5.GetProviderSchemaResponse{
		Provider:          providerSchema.schema(),
		ResourceSchemas:   map[string]*tfprotov5.Schema{},
		DataSourceSchemas: map[string]*tfprotov5.Schema{},
	}
	for name, b := range resources {
		out.ResourceSchemas[name] = b.schema()
	}
	for name, b := range dataSources {
		out.DataSourceSchemas[name] = b.schema()
	}
	return out, nil
}

func (s *server) GetResourceIdentitySchemas(context.Context, *tfprotov5.GetResourceIdentitySchemasRequest) (*tfprotov5.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov5.GetResourceIdentitySchemasResponse{}, nil
}

func (s *server) PrepareProviderConfig(_ context.Context, req *tfprotov5.PrepareProviderConfigRequest) (*tfprotov5.PrepareProviderConfigResponse, error) {
	return &tfprotov5.PrepareProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (s *server) ConfigureProvider(_ context.Context, req *tfprotov5.ConfigureProviderRequest) (*tfprotov5.ConfigureProviderResponse, error) {
	config, err := req.Config.Unmarshal(providerSchema.objectType())
	if err != nil {
		return &tfprotov5.ConfigureProviderResponse{Diagnostics: errorDiagnostic(err)}, nil
	}
	attrs := map[string]tftypes.Value{}
	if err := config.As(&attrs); err != nil {
		return &tfprotov5.ConfigureProviderResponse{Diagnostics: errorDiagnostic(err)}, nil
	}
	s.data.region = stringOr(attrs["region"], "us-east-1")
	s.data.defaultTags = map[string]string{}
	for _, block := range objects(attrs["default_tags"]) {
		tags := map[string]tftypes.Value{}
		if !block["tags"].IsNull() && block["tags"].IsFullyKnown() {
			_ = block["tags"].As(&tags)
		}
		for k, v := range tags {
			s.data.defaultTags[k] = stringOr(v, "")
		}
	}
	return &tfprotov5.ConfigureProviderResponse{}, nil
}

func (s *server) StopProvider(context.Context, *tfprotov5.StopProviderRequest) (*tfprotov5.StopProviderResponse, error) {
	return &tfprotov5.StopProviderResponse{}, nil
}

func (s *server) ValidateResourceTypeConfig(context.Context, *tfprotov5.ValidateResourceTypeConfigRequest) (*tfprotov5.ValidateResourceTypeConfigResponse, error) {
	return &tfprotov5.ValidateResourceTypeConfigResponse{}, nil
}

func (s *server) UpgradeResourceState(_ context.Context, req *tfprotov5.UpgradeResourceStateRequest) (*tfprotov5.UpgradeResourceStateResponse, error) {
	b, ok := resources[req.TypeName]
	if !ok || req.RawState == nil {
		return &tfprotov5.UpgradeResourceStateResponse{Diagnostics: errorDiagnostic(fmt.Errorf("no state to upgrade for %s", req.TypeName))}, nil
	}
	value, err := req.RawState.UnmarshalWithOpts(b.objectType(), tfprotov5.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		return &tfprotov5.UpgradeResourceStateResponse{Diagnostics: errorDiagnostic(err)}, nil
	}
	state, err := tfprotov5.NewDynamicValue(b.objectType(), value)
	if err != nil {
		return &tfprotov5.UpgradeResourceStateResponse{Diagnostics: errorDiagnostic(err)}, nil
	}
	return &tfprotov5.UpgradeResourceStateResponse{UpgradedState: &state}, nil
}

func (s *server) ReadResource(_ context.Context, req *tfprotov5.ReadResourceRequest) (*tfprotov5.ReadResourceResponse, error) {
	return &tfprotov5.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

func (s *server) PlanResourceChange(_ context.Context, req *tfprotov5.PlanResourceChangeRequest) (*tfprotov5.PlanResourceChangeResponse, error) {
	b, ok := resources[req.TypeName]
	if !ok {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: errorDiagnostic(fmt.Errorf("unknown resource type %s", req.TypeName))}, nil
	}
	typ := b.objectType()
	proposed, err := req.ProposedNewState.Unmarshal(typ)
	if err != nil {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: errorDiagnostic(err)}, nil
	}
	prior, err := req.PriorState.Unmarshal(typ)
	if err != nil {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: errorDiagnostic(err)}, nil
	}
	planned := proposed
	// Only a create has computed values to fill in; an update or a destroy keeps what Terraform proposes.
	if prior.IsNull() {
		planned, err = plannedObject(b, typ, proposed, s.data)
		if err != nil {
			return &tfprotov5.PlanResourceChangeResponse{Diagnostics: errorDiagnostic(err)}, nil
		}
	}
	state, err := tfprotov5.NewDynamicValue(typ, planned)
	if err != nil {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: errorDiagnostic(err)}, nil
	}
	// As SDKv2 providers do: defaults and computed blocks are planned where the configuration is null.
	return &tfprotov5.PlanResourceChangeResponse{PlannedState: &state, UnsafeToUseLegacyTypeSystem: true}, nil
}

func (s *server) ApplyResourceChange(_ context.Context, req *tfprotov5.ApplyResourceChangeRequest) (*tfprotov5.ApplyResourceChangeResponse, error) {
	return &tfprotov5.ApplyResourceChangeResponse{Diagnostics: errorDiagnostic(fmt.Errorf("this stand-in provider only plans (%s)", req.TypeName))}, nil
}

func (s *server) ImportResourceState(_ context.Context, req *tfprotov5.ImportResourceStateRequest) (*tfprotov5.ImportResourceStateResponse, error) {
	return &tfprotov5.ImportResourceStateResponse{Diagnostics: errorDiagnostic(fmt.Errorf("this stand-in provider cannot import %s", req.TypeName))}, nil
}

func (s *server) MoveResourceState(_ context.Context, req *tfprotov5.MoveResourceStateRequest) (*tfprotov5.MoveResourceStateResponse, error) {
	return &tfprotov5.MoveResourceStateResponse{Diagnostics: errorDiagnostic(fmt.Errorf("this stand-in provider cannot move %s", req.TargetTypeName))}, nil
}

func (s *server) UpgradeResourceIdentity(context.Context, *tfprotov5.UpgradeResourceIdentityRequest) (*tfprotov5.UpgradeResourceIdentityResponse, error) {
	return &tfprotov5.UpgradeResourceIdentityResponse{}, nil
}

func (s *server) ValidateDataSourceConfig(context.Context, *tfprotov5.ValidateDataSourceConfigRequest) (*tfprotov5.ValidateDataSourceConfigResponse, error) {
	return &tfprotov5.ValidateDataSourceConfigResponse{}, nil
}

func (s *server) ReadDataSource(_ context.Context, req *tfprotov5.ReadDataSourceRequest) (*tfprotov5.ReadDataSourceResponse, error) {
	b, ok := dataSources[req.TypeName]
	if !ok {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: errorDiagnostic(fmt.Errorf("unknown data source %s", req.TypeName))}, nil
	}
	typ := b.objectType()
	config, err := req.Config.Unmarshal(typ)
	if err != nil {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: errorDiagnostic(err)}, nil
	}
	attrs := map[string]tftypes.Value{}
	if err := config.As(&attrs); err != nil {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: errorDiagnostic(err)}, nil
	}
	values, err := s.read(req.TypeName, attrs)
	if err != nil {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: errorDiagnostic(err)}, nil
	}
	state, err := tfprotov5.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: errorDiagnostic(err)}, nil
	}
	return &tfprotov5.ReadDataSourceResponse{State: &state}, nil
}

// read answers a data source from the configuration alone: none of them calls AWS.
func (s *server) read(typeName string, config map[string]tftypes.Value) (map[string]tftypes.Value, error) {
	text := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	switch typeName {
	case "aws_partition":
		return map[string]tftypes.Value{"dns_suffix": text("amazonaws.com"), "id": text(partition), "partition": text(partition), "reverse_dns_prefix": text("com.amazonaws")}, nil
	case "aws_caller_identity":
		return map[string]tftypes.Value{
			"account_id": text(accountID), "arn": text(fmt.Sprintf("arn:%s:iam::%s:user/terraform", partition, accountID)),
			"id": text(accountID), "user_id": text("AIDAPLANFIXTURES000000"),
		}, nil
	case "aws_region":
		name := stringOr(config["name"], s.data.region)
		return map[string]tftypes.Value{
			"description": text(name), "endpoint": text(fmt.Sprintf("ec2.%s.amazonaws.com", name)), "id": text(name), "name": text(name),
		}, nil
	case "aws_iam_policy_document":
		return readPolicyDocument(config)
	}
	return nil, fmt.Errorf("unknown data source %s", typeName)
}

func (s *server) CallFunction(context.Context, *tfprotov5.CallFunctionRequest) (*tfprotov5.CallFunctionResponse, error) {
	return &tfprotov5.CallFunctionResponse{}, nil
}

func (s *server) GetFunctions(context.Context, *tfprotov5.GetFunctionsRequest) (*tfprotov5.GetFunctionsResponse, error) {
	return &tfprotov5.GetFunctionsResponse{Functions: map[string]*tfprotov5.Function{}}, nil
}

func (s *server) ValidateEphemeralResourceConfig(context.Context, *tfprotov5.ValidateEphemeralResourceConfigRequest) (*tfprotov5.ValidateEphemeralResourceConfigResponse, error) {
	return &tfprotov5.ValidateEphemeralResourceConfigResponse{}, nil
}

func (s *server) OpenEphemeralResource(context.Context, *tfprotov5.OpenEphemeralResourceRequest) (*tfprotov5.OpenEphemeralResourceResponse, error) {
	return &tfprotov5.OpenEphemeralResourceResponse{}, nil
}

func (s *server) RenewEphemeralResource(context.Context, *tfprotov5.RenewEphemeralResourceRequest) (*tfprotov5.RenewEphemeralResourceResponse, error) {
	return &tfprotov5.RenewEphemeralResourceResponse{}, nil
}

func (s *server) CloseEphemeralResource(context.Context, *tfprotov5.CloseEphemeralResourceRequest) (*tfprotov5.CloseEphemeralResourceResponse, error) {
	return &tfprotov5.CloseEphemeralResourceResponse{}, nil
}

func errorDiagnostic(err error) []*tfprotov5.Diagnostic {
	return []*tfprotov5.Diagnostic{{Severity: tfprotov5.DiagnosticSeverityError, Summary: err.Error()}}
}

func stringOr(v tftypes.Value, fallback string) string {
	if v.IsNull() || !v.IsKnown() {
		return fallback
	}
	var out string
	if err := v.As(&out); err != nil {
		return fallback
	}
	return out
}

func stringList(v tftypes.Value) []string {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	var items []tftypes.Value
	if err := v.As(&items); err != nil {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		out = append(out, stringOr(item, ""))
	}
	return out
}

func objects(v tftypes.Value) []map[string]tftypes.Value {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	var items []tftypes.Value
	if err := v.As(&items); err != nil {
		return nil
	}
	out := make([]map[string]tftypes.Value, 0, len(items))
	for _, item := range items {
		attrs := map[string]tftypes.Value{}
		if err := item.As(&attrs); err == nil {
			out = append(out, attrs)
		}
	}
	return out
}

func copyValues(in map[string]tftypes.Value) map[string]tftypes.Value {
	out := make(map[string]tftypes.Value, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

func sortedKeys(m map[string]block) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
