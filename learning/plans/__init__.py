"""Individual development plans (rencana pengembangan kompetensi), per employee per year."""
