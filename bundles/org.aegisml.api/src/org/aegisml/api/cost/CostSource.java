package org.aegisml.api.cost;

import java.time.LocalDate;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A provider's billing data: spend per UTC day, attributed by the {@link CostTags}. Register with
 * the service property {@value org.aegisml.api.provider.Provider#PROPERTY}; the cost ledger asks
 * every source periodically and replaces what it held for those days, so a source's answer for a
 * day may change until the provider closes its books.
 */
@ConsumerType
public interface CostSource {

    /** The provider's name ({@link org.aegisml.api.provider.Provider#name()}). */
    String provider();

    /**
     * Spend per day in {@code [from, to)}, one line per day and tag combination (and service, where
     * the provider breaks it down). Spend without AegisML tags comes with null project, model and
     * endpoint. Throws {@link org.aegisml.api.UnavailableException} when the provider cannot be
     * reached.
     */
    List<CostLine> daily(LocalDate from, LocalDate to);
}
