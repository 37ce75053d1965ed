"""Personal data in core's models: none; these names are the network's vocabulary."""

from metrohub.core.privacy import not_personal

not_personal("core.Region", "name")
not_personal("core.ActionLine", "name")
not_personal("core.ThematicPriority", "name")
