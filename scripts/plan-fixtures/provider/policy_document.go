package main

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The JSON aws_iam_policy_document renders, with the real provider's conventions (internal/service/iam
// policy_model.go and policy_document_data_source.go): one item is a string and several are sorted in
// reverse, an empty Sid is left out, a condition with one value is a string, statements of later
// documents replace those with the same Sid, and json is indented by two spaces.
type policyDoc struct {
	Version    string             `json:",omitempty"`
	ID         string             `json:"Id,omitempty"`
	Statements []*policyStatement `json:"Statement,omitempty"`
}

type policyStatement struct {
	Sid           string      `json:",omitempty"`
	Effect        string      `json:",omitempty"`
	Actions       interface{} `json:"Action,omitempty"`
	NotActions    interface{} `json:"NotAction,omitempty"`
	Resources     interface{} `json:"Resource,omitempty"`
	NotResources  interface{} `json:"NotResource,omitempty"`
	Principals    interface{} `json:"Principal,omitempty"`
	NotPrincipals interface{} `json:"NotPrincipal,omitempty"`
	Conditions    interface{} `json:"Condition,omitempty"`
}

func (d *policyDoc) merge(other *policyDoc) {
	if other.ID != "" {
		d.ID = other.ID
	}
	if other.Version > d.Version {
		d.Version = other.Version
	}
	for _, s := range other.Statements {
		if i := d.indexOfSid(s.Sid); i >= 0 {
			d.Statements[i] = s
		} else {
			d.Statements = append(d.Statements, s)
		}
	}
}

func (d *policyDoc) indexOfSid(sid string) int {
	if sid == "" {
		return -1
	}
	for i, s := range d.Statements {
		if s.Sid == sid {
			return i
		}
	}
	return -1
}

// oneOrReversed is how the provider writes a set of strings: a string for one, reverse order for more.
func oneOrReversed(items []string) interface{} {
	if len(items) == 1 {
		return items[0]
	}
	out := append([]string{}, items...)
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out
}

// IAM policy variables are written &{aws:username} in Terraform, to keep them from interpolation.
var policyVariables = strings.NewReplacer("&{", "${")

func withVariables(v interface{}) interface{} {
	switch t := v.(type) {
	case string:
		return policyVariables.Replace(t)
	case []string:
		out := make([]string, len(t))
		for i, s := range t {
			out[i] = policyVariables.Replace(s)
		}
		return out
	}
	return v
}

type principal struct {
	kind        string
	identifiers []string
}

func principalsJSON(ps []principal) interface{} {
	if len(ps) == 0 {
		return nil
	}
	if len(ps) == 1 && ps[0].kind == "*" && len(ps[0].identifiers) == 1 && ps[0].identifiers[0] == "*" {
		return "*"
	}
	byType := map[string]interface{}{}
	for _, p := range ps {
		ids := withVariables(oneOrReversed(p.identifiers))
		switch previous := byType[p.kind].(type) {
		case nil:
			byType[p.kind] = ids
		case string:
			byType[p.kind] = append([]string{previous}, asList(ids)...)
		case []string:
			byType[p.kind] = append(previous, asList(ids)...)
		}
	}
	return byType
}

func asList(v interface{}) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	return v.([]string)
}

type condition struct {
	test     string
	variable string
	values   []string
}

func conditionsJSON(cs []condition) interface{} {
	if len(cs) == 0 {
		return nil
	}
	byTest := map[string]map[string][]string{}
	for _, c := range cs {
		if byTest[c.test] == nil {
			byTest[c.test] = map[string][]string{}
		}
		byTest[c.test][c.variable] = append(byTest[c.test][c.variable], withVariables(c.values).([]string)...)
	}
	out := map[string]map[string]interface{}{}
	for test, variables := range byTest {
		out[test] = map[string]interface{}{}
		for variable, values := range variables {
			if len(values) == 1 {
				out[test][variable] = values[0]
			} else {
				out[test][variable] = values
			}
		}
	}
	return out
}

// readPolicyDocument computes json and minified_json from a fully known configuration.
func readPolicyDocument(config map[string]tftypes.Value) (map[string]tftypes.Value, error) {
	merged := &policyDoc{}
	for i, source := range stringList(config["source_policy_documents"]) {
		doc, err := parsePolicy(source)
		if err != nil {
			return nil, fmt.Errorf("source_policy_documents[%d]: %w", i, err)
		}
		merged.merge(doc)
	}
	version := stringOr(config["version"], "2012-10-17")
	own := &policyDoc{Version: version, ID: stringOr(config["policy_id"], "")}
	var statements []tftypes.Value
	if v := config["statement"]; !v.IsNull() {
		if err := v.As(&statements); err != nil {
			return nil, err
		}
	}
	for _, s := range statements {
		statement, err := statementOf(s)
		if err != nil {
			return nil, err
		}
		own.Statements = append(own.Statements, statement)
	}
	merged.merge(own)
	for i, override := range stringList(config["override_policy_documents"]) {
		doc, err := parsePolicy(override)
		if err != nil {
			return nil, fmt.Errorf("override_policy_documents[%d]: %w", i, err)
		}
		merged.merge(doc)
	}
	indented, err := json.MarshalIndent(merged, "", "  ")
	if err != nil {
		return nil, err
	}
	minified, err := json.Marshal(merged)
	if err != nil {
		return nil, err
	}
	out := copyValues(config)
	out["version"] = tftypes.NewValue(tftypes.String, version)
	out["json"] = tftypes.NewValue(tftypes.String, string(indented))
	out["minified_json"] = tftypes.NewValue(tftypes.String, string(minified))
	out["id"] = tftypes.NewValue(tftypes.String, fmt.Sprintf("%d", hashcode(string(indented))))
	return out, nil
}

func statementOf(v tftypes.Value) (*policyStatement, error) {
	attrs := map[string]tftypes.Value{}
	if err := v.As(&attrs); err != nil {
		return nil, err
	}
	s := &policyStatement{Sid: stringOr(attrs["sid"], ""), Effect: stringOr(attrs["effect"], "Allow")}
	if items := stringList(attrs["actions"]); len(items) > 0 {
		s.Actions = oneOrReversed(items)
	}
	if items := stringList(attrs["not_actions"]); len(items) > 0 {
		s.NotActions = oneOrReversed(items)
	}
	if items := stringList(attrs["resources"]); len(items) > 0 {
		s.Resources = withVariables(oneOrReversed(items))
	}
	if items := stringList(attrs["not_resources"]); len(items) > 0 {
		s.NotResources = withVariables(oneOrReversed(items))
	}
	s.Principals = principalsJSON(principalsOf(attrs["principals"]))
	s.NotPrincipals = principalsJSON(principalsOf(attrs["not_principals"]))
	var conditions []condition
	for _, c := range objects(attrs["condition"]) {
		conditions = append(conditions, condition{test: stringOr(c["test"], ""), variable: stringOr(c["variable"], ""), values: stringList(c["values"])})
	}
	s.Conditions = conditionsJSON(conditions)
	return s, nil
}

func principalsOf(v tftypes.Value) []principal {
	var out []principal
	for _, p := range objects(v) {
		out = append(out, principal{kind: stringOr(p["type"], ""), identifiers: stringList(p["identifiers"])})
	}
	return out
}

// parsePolicy reads a policy document in JSON (source and override documents) into the same form.
func parsePolicy(text string) (*policyDoc, error) {
	var raw struct {
		Version   string
		Id        string
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		return nil, err
	}
	doc := &policyDoc{Version: raw.Version, ID: raw.Id}
	var statements []map[string]interface{}
	if len(raw.Statement) > 0 && raw.Statement[0] == '{' {
		var one map[string]interface{}
		if err := json.Unmarshal(raw.Statement, &one); err != nil {
			return nil, err
		}
		statements = append(statements, one)
	} else if len(raw.Statement) > 0 {
		if err := json.Unmarshal(raw.Statement, &statements); err != nil {
			return nil, err
		}
	}
	for _, s := range statements {
		sid, _ := s["Sid"].(string)
		effect, _ := s["Effect"].(string)
		doc.Statements = append(doc.Statements, &policyStatement{
			Sid: sid, Effect: effect, Actions: s["Action"], NotActions: s["NotAction"], Resources: s["Resource"],
			NotResources: s["NotResource"], Principals: s["Principal"], NotPrincipals: s["NotPrincipal"], Conditions: s["Condition"],
		})
	}
	return doc, nil
}

// hashcode is the provider's create.StringHashcode (crc32): the document's id.
func hashcode(s string) int {
	return int(crc32.ChecksumIEEE([]byte(s)))
}
