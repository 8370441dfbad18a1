/** The append-only, hash-chained audit log every write of AegisML lands in. */
package org.aegisml.api.audit;
