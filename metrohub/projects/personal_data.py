"""No personal data in projects (see core/privacy.py): board members are organisations."""

from metrohub.core.privacy import not_personal

not_personal("projects.Project", "name")
not_personal("projects.Pillar", "title")
not_personal("projects.ProjectPartner", "name")
not_personal("projects.Place", "name")
not_personal("projects.Milestone", "title")
not_personal("projects.Board", "name")
not_personal("projects.BoardMember", "name")
