package main

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What ConfigureProvider was given that plans depend on.
type providerData struct {
	region      string
	defaultTags map[string]string
}

// plannedObject is the new state of an object the plan creates, as an SDKv2 provider plans it: a
// default fills an attribute the configuration leaves out, every computed attribute the
// configuration leaves out is unknown (known after apply), and so is a computed block that is not written.
func plannedObject(b block, typ tftypes.Object, proposed tftypes.Value, p *providerData) (tftypes.Value, error) {
	if !proposed.IsKnown() || proposed.IsNull() {
		return proposed, nil
	}
	values := map[string]tftypes.Value{}
	if err := proposed.As(&values); err != nil {
		return proposed, err
	}
	for _, a := range b.attributes {
		if _, isSet := a.typ.(tftypes.Set); isSet && values[a.name].IsKnown() && !values[a.name].IsFullyKnown() {
			// SDKv2 cannot hash a set item that is not known yet: the whole set is known after apply.
			values[a.name] = tftypes.NewValue(a.typ, tftypes.UnknownValue)
			continue
		}
		if !values[a.name].IsNull() {
			continue
		}
		switch {
		case a.def != nil:
			values[a.name] = tftypes.NewValue(a.typ, a.def)
		case a.mode == computed || a.mode == optionalComputed:
			values[a.name] = tftypes.NewValue(a.typ, tftypes.UnknownValue)
		}
	}
	for _, nested := range b.blocks {
		planned, err := plannedBlocks(nested, values[nested.name], p)
		if err != nil {
			return proposed, fmt.Errorf("%s: %w", nested.name, err)
		}
		values[nested.name] = planned
	}
	if _, ok := values["tags_all"]; ok {
		values["tags_all"] = tagsAll(values["tags"], p)
	}
	return tftypes.NewValue(typ, values), nil
}

func plannedBlocks(b block, v tftypes.Value, p *providerData) (tftypes.Value, error) {
	if !v.IsKnown() {
		return v, nil
	}
	var items []tftypes.Value
	if !v.IsNull() {
		if err := v.As(&items); err != nil {
			return v, err
		}
	}
	if b.computed && len(items) == 0 {
		return tftypes.NewValue(b.collectionType(), tftypes.UnknownValue), nil
	}
	planned := make([]tftypes.Value, 0, len(items))
	for _, item := range items {
		one, err := plannedObject(b, b.objectType(), item, p)
		if err != nil {
			return v, err
		}
		planned = append(planned, one)
	}
	return tftypes.NewValue(b.collectionType(), planned), nil
}

// tagsAll is the provider's default_tags with the resource's tags over them (verify.SetTagsDiff):
// known when the tags are, unknown (set after apply) when there are none.
func tagsAll(tags tftypes.Value, p *providerData) tftypes.Value {
	if !tags.IsFullyKnown() {
		return tftypes.NewValue(strMap, tftypes.UnknownValue)
	}
	merged := map[string]tftypes.Value{}
	for k, v := range p.defaultTags {
		merged[k] = tftypes.NewValue(tftypes.String, v)
	}
	if !tags.IsNull() {
		own := map[string]tftypes.Value{}
		if err := tags.As(&own); err == nil {
			for k, v := range own {
				merged[k] = v
			}
		}
	}
	if len(merged) == 0 {
		return tftypes.NewValue(strMap, tftypes.UnknownValue)
	}
	return tftypes.NewValue(strMap, merged)
}
