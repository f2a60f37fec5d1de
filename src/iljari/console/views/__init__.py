"""The counselor console (상담사 업무): work queues, seeker view with recommendations, 알선, search."""
