"""Pages of the job-creation programs: dashboard, plan and project management, reports, surveys."""
