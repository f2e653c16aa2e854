package main

import (
	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// How an attribute is set, as the real provider's schema says (SDKv2 flags).
type mode int

const (
	required mode = iota
	optional
	computed
	// Optional and Computed: when the configuration does not set it, the provider does, after apply.
	optionalComputed
)

type attribute struct {
	name string
	typ  tftypes.Type
	mode mode
	// An SDKv2 `Default`: a plan shows it as a known value.
	def interface{}
}

type block struct {
	name    string
	nesting tfprotov5.SchemaNestedBlockNestingMode
	min     int64
	max     int64
	// An SDKv2 block that is Optional and Computed: unknown in a plan when the configuration has none.
	computed   bool
	attributes []attribute
	blocks     []block
}

var (
	str     = tftypes.String
	number  = tftypes.Number
	boolean = tftypes.Bool
	strSet  = tftypes.Set{ElementType: tftypes.String}
	strList = tftypes.List{ElementType: tftypes.String}
	strMap  = tftypes.Map{ElementType: tftypes.String}
)

func req(name string, typ tftypes.Type) attribute  { return attribute{name: name, typ: typ, mode: required} }
func opt(name string, typ tftypes.Type) attribute  { return attribute{name: name, typ: typ, mode: optional} }
func comp(name string, typ tftypes.Type) attribute { return attribute{name: name, typ: typ, mode: computed} }
func optComp(name string, typ tftypes.Type) attribute {
	return attribute{name: name, typ: typ, mode: optionalComputed}
}
func optDefault(name string, typ tftypes.Type, def interface{}) attribute {
	return attribute{name: name, typ: typ, mode: optional, def: def}
}

func list(name string, max int64, attributes []attribute, blocks ...block) block {
	return block{name: name, nesting: tfprotov5.SchemaNestedBlockNestingModeList, max: max, attributes: attributes, blocks: blocks}
}

func set(name string, attributes []attribute, blocks ...block) block {
	return block{name: name, nesting: tfprotov5.SchemaNestedBlockNestingModeSet, attributes: attributes, blocks: blocks}
}

func computedBlock(b block) block {
	b.computed = true
	return b
}

func requiredBlock(b block) block {
	b.min = 1
	return b
}

// The tags every taggable AWS resource has: tags_all adds the provider's default_tags.
var tagged = []attribute{opt("tags", strMap), optComp("tags_all", strMap)}

func with(attributes []attribute, more ...attribute) []attribute {
	return append(append([]attribute{}, attributes...), more...)
}

// The resources pullguard reads, with the attributes and blocks the real provider documents (v5/v6).
var resources = map[string]block{
	"aws_iam_role": {attributes: with(tagged,
		comp("arn", str),
		req("assume_role_policy", str),
		comp("create_date", str),
		opt("description", str),
		optDefault("force_detach_policies", boolean, false),
		comp("id", str),
		optComp("managed_policy_arns", strSet),
		optDefault("max_session_duration", number, 3600),
		optComp("name", str),
		optComp("name_prefix", str),
		optDefault("path", str, "/"),
		opt("permissions_boundary", str),
		comp("unique_id", str),
	), blocks: []block{
		computedBlock(set("inline_policy", []attribute{opt("name", str), opt("policy", str)})),
	}},

	"aws_iam_policy": {attributes: with(tagged,
		comp("arn", str),
		comp("attachment_count", number),
		opt("description", str),
		comp("id", str),
		optComp("name", str),
		optComp("name_prefix", str),
		optDefault("path", str, "/"),
		req("policy", str),
		comp("policy_id", str),
	)},

	"aws_iam_role_policy": {attributes: []attribute{
		comp("id", str),
		optComp("name", str),
		optComp("name_prefix", str),
		req("policy", str),
		req("role", str),
	}},

	"aws_iam_role_policy_attachment": {attributes: []attribute{
		comp("id", str),
		req("policy_arn", str),
		req("role", str),
	}},

	"aws_iam_instance_profile": {attributes: with(tagged,
		comp("arn", str),
		comp("create_date", str),
		comp("id", str),
		optComp("name", str),
		optComp("name_prefix", str),
		optDefault("path", str, "/"),
		opt("role", str),
		comp("unique_id", str),
	)},

	"aws_launch_template": {attributes: with(tagged,
		comp("arn", str),
		optComp("default_version", number),
		opt("description", str),
		opt("disable_api_stop", boolean),
		opt("disable_api_termination", boolean),
		opt("ebs_optimized", str),
		comp("id", str),
		opt("image_id", str),
		opt("instance_initiated_shutdown_behavior", str),
		opt("instance_type", str),
		opt("kernel_id", str),
		opt("key_name", str),
		comp("latest_version", number),
		optComp("name", str),
		optComp("name_prefix", str),
		opt("ram_disk_id", str),
		opt("security_group_names", strSet),
		opt("update_default_version", boolean),
		opt("user_data", str),
		opt("vpc_security_group_ids", strSet),
	), blocks: []block{
		list("block_device_mappings", 0, []attribute{opt("device_name", str), opt("no_device", str), opt("virtual_name", str)},
			list("ebs", 1, []attribute{
				opt("delete_on_termination", str), opt("encrypted", str), optComp("iops", number), opt("kms_key_id", str),
				opt("snapshot_id", str), optComp("throughput", number), optComp("volume_size", number), optComp("volume_type", str),
			})),
		list("iam_instance_profile", 1, []attribute{opt("arn", str), opt("name", str)}),
		computedBlock(list("metadata_options", 1, []attribute{
			optComp("http_endpoint", str),
			optComp("http_protocol_ipv6", str),
			optComp("http_put_response_hop_limit", number),
			optComp("http_tokens", str),
			optComp("instance_metadata_tags", str),
		})),
		list("monitoring", 1, []attribute{opt("enabled", boolean)}),
		list("network_interfaces", 0, []attribute{
			opt("associate_public_ip_address", str), opt("delete_on_termination", str), opt("description", str),
			opt("device_index", number), opt("network_interface_id", str), opt("security_groups", strSet), opt("subnet_id", str),
		}),
		list("tag_specifications", 0, []attribute{opt("resource_type", str), opt("tags", strMap)}),
	}},

	"aws_autoscaling_group": {attributes: []attribute{
		comp("arn", str),
		optComp("availability_zones", strSet),
		optComp("default_cooldown", number),
		optComp("desired_capacity", number),
		optDefault("force_delete", boolean, false),
		optDefault("health_check_grace_period", number, 300),
		optComp("health_check_type", str),
		comp("id", str),
		opt("launch_configuration", str),
		req("max_size", number),
		req("min_size", number),
		optComp("name", str),
		optComp("name_prefix", str),
		optComp("service_linked_role_arn", str),
		opt("target_group_arns", strSet),
		optComp("vpc_zone_identifier", strSet),
		optDefault("wait_for_capacity_timeout", str, "10m"),
	}, blocks: []block{
		list("launch_template", 1, []attribute{optComp("id", str), optComp("name", str), opt("version", str)}),
		list("mixed_instances_policy", 1, nil,
			requiredBlock(list("launch_template", 1, nil,
				requiredBlock(list("launch_template_specification", 1, []attribute{
					optComp("launch_template_id", str), optComp("launch_template_name", str), optComp("version", str),
				})),
				list("override", 0, []attribute{opt("instance_type", str), opt("weighted_capacity", str)}),
			)),
			list("instances_distribution", 1, []attribute{
				optComp("on_demand_base_capacity", number), optComp("on_demand_percentage_above_base_capacity", number), optComp("spot_allocation_strategy", str),
			}),
		),
		set("tag", []attribute{req("key", str), req("propagate_at_launch", boolean), req("value", str)}),
	}},

	"aws_eks_cluster": {attributes: with(tagged,
		comp("arn", str),
		optDefault("bootstrap_self_managed_addons", boolean, true),
		comp("certificate_authority", tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{"data": str}}}),
		comp("cluster_id", str),
		comp("created_at", str),
		opt("enabled_cluster_log_types", strSet),
		comp("endpoint", str),
		comp("id", str),
		comp("identity", tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{
			"oidc": tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{"issuer": str}}},
		}}}),
		req("name", str),
		comp("platform_version", str),
		req("role_arn", str),
		comp("status", str),
		optComp("version", str),
	), blocks: []block{
		computedBlock(list("access_config", 1, []attribute{optComp("authentication_mode", str), opt("bootstrap_cluster_creator_admin_permissions", boolean)})),
		list("compute_config", 1, []attribute{opt("enabled", boolean), opt("node_pools", strSet), opt("node_role_arn", str)}),
		requiredBlock(list("vpc_config", 1, []attribute{
			comp("cluster_security_group_id", str),
			optDefault("endpoint_private_access", boolean, false),
			optDefault("endpoint_public_access", boolean, true),
			optComp("public_access_cidrs", strSet),
			opt("security_group_ids", strSet),
			req("subnet_ids", strSet),
			comp("vpc_id", str),
		})),
	}},

	"aws_eks_node_group": {attributes: with(tagged,
		optComp("ami_type", str),
		comp("arn", str),
		optComp("capacity_type", str),
		req("cluster_name", str),
		optComp("disk_size", number),
		opt("force_update_version", boolean),
		comp("id", str),
		optComp("instance_types", strList),
		opt("labels", strMap),
		optComp("node_group_name", str),
		optComp("node_group_name_prefix", str),
		req("node_role_arn", str),
		optComp("release_version", str),
		comp("resources", tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{
			"autoscaling_groups":              tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{"name": str}}},
			"remote_access_security_group_id": str,
		}}}),
		comp("status", str),
		req("subnet_ids", strSet),
		optComp("version", str),
	), blocks: []block{
		list("launch_template", 1, []attribute{optComp("id", str), optComp("name", str), req("version", str)}),
		list("remote_access", 1, []attribute{opt("ec2_ssh_key", str), opt("source_security_group_ids", strSet)}),
		requiredBlock(list("scaling_config", 1, []attribute{req("desired_size", number), req("max_size", number), req("min_size", number)})),
		set("taint", []attribute{req("effect", str), req("key", str), opt("value", str)}),
		computedBlock(list("update_config", 1, []attribute{opt("max_unavailable", number), opt("max_unavailable_percentage", number)})),
	}},

	"aws_eks_access_entry": {attributes: with(tagged,
		comp("access_entry_arn", str),
		req("cluster_name", str),
		comp("created_at", str),
		comp("id", str),
		optComp("kubernetes_groups", strSet),
		comp("modified_at", str),
		req("principal_arn", str),
		optDefault("type", str, "STANDARD"),
		optComp("user_name", str),
	)},

	"aws_eks_pod_identity_association": {attributes: with(tagged,
		comp("association_arn", str),
		comp("association_id", str),
		req("cluster_name", str),
		optComp("disable_session_tags", boolean),
		comp("external_id", str),
		comp("id", str),
		req("namespace", str),
		req("role_arn", str),
		req("service_account", str),
		opt("target_role_arn", str),
	)},

	"aws_iam_openid_connect_provider": {attributes: with(tagged,
		comp("arn", str),
		req("client_id_list", strSet),
		comp("id", str),
		optComp("thumbprint_list", strList),
		req("url", str),
	)},

	"aws_ecr_repository": {attributes: with(tagged,
		comp("arn", str),
		opt("force_delete", boolean),
		comp("id", str),
		optDefault("image_tag_mutability", str, "MUTABLE"),
		req("name", str),
		comp("registry_id", str),
		comp("repository_url", str),
	), blocks: []block{
		list("encryption_configuration", 0, []attribute{optDefault("encryption_type", str, "AES256"), optComp("kms_key", str)}),
		list("image_scanning_configuration", 1, []attribute{req("scan_on_push", boolean)}),
	}},
}

var principalBlock = func(name string) block {
	return set(name, []attribute{req("identifiers", strSet), req("type", str)})
}

// The data sources pullguard's fixtures use: all of them are read at plan time.
var dataSources = map[string]block{
	"aws_partition": {attributes: []attribute{
		comp("dns_suffix", str), comp("id", str), comp("partition", str), comp("reverse_dns_prefix", str),
	}},
	"aws_caller_identity": {attributes: []attribute{
		comp("account_id", str), comp("arn", str), comp("id", str), comp("user_id", str),
	}},
	"aws_region": {attributes: []attribute{
		comp("description", str), optComp("endpoint", str), optComp("id", str), optComp("name", str),
	}},
	"aws_iam_policy_document": {attributes: []attribute{
		comp("id", str),
		comp("json", str),
		comp("minified_json", str),
		opt("override_policy_documents", strList),
		opt("policy_id", str),
		opt("source_policy_documents", strList),
		optDefault("version", str, "2012-10-17"),
	}, blocks: []block{
		list("statement", 0, []attribute{
			opt("actions", strSet),
			optDefault("effect", str, "Allow"),
			opt("not_actions", strSet),
			opt("not_resources", strSet),
			opt("resources", strSet),
			opt("sid", str),
		},
			set("condition", []attribute{req("test", str), req("values", strList), req("variable", str)}),
			principalBlock("not_principals"),
			principalBlock("principals"),
		),
	}},
}

var providerSchema = block{attributes: []attribute{
	opt("access_key", str),
	opt("allowed_account_ids", strSet),
	opt("profile", str),
	opt("region", str),
	opt("secret_key", str),
	opt("skip_credentials_validation", boolean),
	opt("skip_metadata_api_check", str),
	opt("skip_region_validation", boolean),
	opt("skip_requesting_account_id", boolean),
	opt("token", str),
}, blocks: []block{
	list("assume_role", 0, []attribute{opt("role_arn", str), opt("session_name", str), opt("external_id", str)}),
	list("default_tags", 1, []attribute{opt("tags", strMap)}),
	list("ignore_tags", 1, []attribute{opt("key_prefixes", strSet), opt("keys", strSet)}),
}}

// The protocol's form of a block's schema.
func (b block) schemaBlock() *tfprotov5.SchemaBlock {
	out := &tfprotov5.SchemaBlock{}
	for _, a := range b.attributes {
		out.Attributes = append(out.Attributes, &tfprotov5.SchemaAttribute{
			Name:     a.name,
			Type:     a.typ,
			Required: a.mode == required,
			Optional: a.mode == optional || a.mode == optionalComputed,
			// An SDKv2 default is not Computed in the schema: the provider fills it in at plan time.
			Computed: a.mode == computed || a.mode == optionalComputed,
		})
	}
	for _, nested := range b.blocks {
		out.BlockTypes = append(out.BlockTypes, &tfprotov5.SchemaNestedBlock{
			TypeName: nested.name,
			Nesting:  nested.nesting,
			MinItems: nested.min,
			MaxItems: nested.max,
			Block:    nested.schemaBlock(),
		})
	}
	return out
}

func (b block) schema() *tfprotov5.Schema {
	return &tfprotov5.Schema{Block: b.schemaBlock()}
}

func (b block) objectType() tftypes.Object {
	return b.schemaBlock().ValueType().(tftypes.Object)
}

func (b block) collectionType() tftypes.Type {
	element := b.objectType()
	if b.nesting == tfprotov5.SchemaNestedBlockNestingModeSet {
		return tftypes.Set{ElementType: element}
	}
	return tftypes.List{ElementType: element}
}
