"""Views of the structure: public pages, roster editing, a member's own assignments."""
