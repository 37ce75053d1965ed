"""Personal data in HR (see core/privacy.py). Staff records are the secretariat's own employees,
not the registry's people: kept and erased under HR's rules, not by a registry request."""

from metrohub.core.privacy import not_personal, personal

personal("people.StaffMember", "name", "gender", why="HR records, under HR's own retention rules")
not_personal("people.Level", "name")
