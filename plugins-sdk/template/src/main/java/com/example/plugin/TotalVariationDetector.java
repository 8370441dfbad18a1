package com.example.plugin;

import org.aegisml.api.monitoring.DriftDetector;
import org.aegisml.api.monitoring.DriftScore;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.osgi.service.component.annotations.Component;

/**
 * A starting point: a drift detector (total variation distance, half the L1 distance between the
 * two distributions). Replace it with your extension point; see plugins-sdk/guides.
 */
@Component(service = DriftDetector.class)
public final class TotalVariationDetector implements DriftDetector {
    private static final DriftThreshold THRESHOLD = new DriftThreshold(0.1, 0.25, DriftThreshold.Direction.SCORE_ABOVE);

    @Override
    public String method() {
        return "total_variation";
    }

    @Override
    public boolean supports(FeatureKind kind) {
        return true;
    }

    @Override
    public DriftThreshold defaultThreshold() {
        return THRESHOLD;
    }

    @Override
    public DriftScore score(Histogram baseline, Histogram current) {
        double b = baseline.total();
        double c = current.total();
        if (b == 0 || c == 0) return DriftScore.of(Double.NaN);
        double sum = 0;
        for (int i = 0; i < baseline.counts().length; i++) {
            sum += Math.abs(baseline.counts()[i] / b - current.counts()[i] / c);
        }
        return DriftScore.of(sum / 2);
    }
}
