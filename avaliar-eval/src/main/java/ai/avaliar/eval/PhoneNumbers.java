package ai.avaliar.eval;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Phone numbers by libphonenumber: {@code findNumbers} with {@link PhoneNumberUtil.Leniency#VALID},
 * so a number must be a valid number of its region (international numbers with "+", national
 * numbers of the default region), not just a run of digits.
 */
final class PhoneNumbers {

    static final String PHONE = "PHONE_NUMBER";

    /** libphonenumber's own bound on attempts per text, so adversarial text stays cheap. */
    private static final long MAX_TRIES = 10_000;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    static boolean knows(String region) {
        return PhoneNumberUtil.getInstance().getSupportedRegions().contains(region);
    }

    PhoneNumbers(String defaultRegion) {
        if (!knows(defaultRegion)) {
            throw new IllegalArgumentException("'" + defaultRegion + "' is not a region libphonenumber knows;"
                    + " use a two-letter ISO 3166 code such as US, GB or DE");
        }
        this.defaultRegion = defaultRegion;
    }

    List<Finding> find(String text) {
        List<Finding> found = new ArrayList<>();
        for (PhoneNumberMatch match : util.findNumbers(text, defaultRegion, PhoneNumberUtil.Leniency.VALID, MAX_TRIES)) {
            double score = match.rawString().startsWith("+") ? 0.75 : 0.6;
            found.add(new Finding(PHONE, match.start(), match.end(), score));
        }
        return found;
    }
}
