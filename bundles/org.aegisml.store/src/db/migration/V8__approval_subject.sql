-- Approval requests are looked up by what they are about (a rollout id, a version reference):
-- the policy gate and multi-approver rollouts count the approvals of one subject.
CREATE INDEX ix_approval_subject ON approval (subject, kind, requested_at);
