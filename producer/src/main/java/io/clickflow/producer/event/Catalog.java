package io.clickflow.producer.event;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The fixed world the simulated traffic lives in: a shop, its products, where visitors come from
 * and what they browse with. Kept as plain data so the generator's logic stays about behaviour.
 */
final class Catalog {

  static final String SHOP = "https://shop.clickflow.example";

  record Product(String id, String name, String category, BigDecimal usdPrice) {}

  /**
   * @param usdRate units of {@code currency} per US dollar, rounded: a stable made-up table, not
   *     market data
   * @param minorDigits decimal places of the currency
   */
  record Location(
      String country,
      String region,
      String city,
      String currency,
      BigDecimal usdRate,
      int minorDigits,
      int ipFirstOctet) {

    BigDecimal localPrice(BigDecimal usdPrice) {
      return usdPrice.multiply(usdRate).setScale(minorDigits, RoundingMode.HALF_UP);
    }
  }

  record DeviceProfile(String type, String os, String browser, String userAgent) {}

  record Campaign(String source, String medium, String campaign, String referrer) {}

  static final List<String> CATEGORIES =
      List.of("shoes", "jackets", "backpacks", "tents", "accessories");

  static final List<Product> PRODUCTS =
      List.of(
          product("sku-1001", "Trail Runner 2", "shoes", "119.00"),
          product("sku-1002", "Road Racer", "shoes", "139.50"),
          product("sku-1003", "Approach Low", "shoes", "99.90"),
          product("sku-1004", "Winter Boot GTX", "shoes", "189.00"),
          product("sku-2001", "Rain Shell", "jackets", "159.00"),
          product("sku-2002", "Down Parka", "jackets", "289.00"),
          product("sku-2003", "Fleece Midlayer", "jackets", "69.95"),
          product("sku-2004", "Wind Vest", "jackets", "54.00"),
          product("sku-3001", "Daypack 22", "backpacks", "79.00"),
          product("sku-3002", "Trekking Pack 55", "backpacks", "219.00"),
          product("sku-3003", "Hydration Vest", "backpacks", "109.00"),
          product("sku-4001", "Ultralight Tent 1P", "tents", "329.00"),
          product("sku-4002", "Family Tent 4P", "tents", "449.00"),
          product("sku-4003", "Tarp 3x3", "tents", "64.50"),
          product("sku-5001", "Headlamp 400", "accessories", "39.95"),
          product("sku-5002", "Trekking Poles", "accessories", "89.00"),
          product("sku-5003", "Merino Socks", "accessories", "19.50"),
          product("sku-5004", "Water Filter", "accessories", "44.00"));

  static final List<Location> LOCATIONS =
      List.of(
          location("US", "California", "San Francisco", "USD", "1", 2, 34),
          location("US", "New York", "New York", "USD", "1", 2, 52),
          location("US", "Texas", "Austin", "USD", "1", 2, 66),
          location("CA", "Ontario", "Toronto", "CAD", "1.35", 2, 99),
          location("GB", "England", "London", "GBP", "0.79", 2, 81),
          location("DE", "Berlin", "Berlin", "EUR", "0.92", 2, 85),
          location("DE", "Bavaria", "Munich", "EUR", "0.92", 2, 91),
          location("FR", "Ile-de-France", "Paris", "EUR", "0.92", 2, 90),
          location("NL", "North Holland", "Amsterdam", "EUR", "0.92", 2, 77),
          location("ES", "Catalonia", "Barcelona", "EUR", "0.92", 2, 88),
          location("SE", "Stockholm", "Stockholm", "SEK", "10.5", 2, 78),
          location("JP", "Tokyo", "Tokyo", "JPY", "150", 0, 126),
          location("IN", "Karnataka", "Bengaluru", "INR", "83", 2, 49),
          location("BR", "Sao Paulo", "Sao Paulo", "BRL", "5", 2, 177),
          location("AU", "New South Wales", "Sydney", "AUD", "1.5", 2, 101));

  static final List<DeviceProfile> DEVICES =
      List.of(
          new DeviceProfile(
              "desktop",
              "Windows",
              "Chrome",
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                  + " Chrome/126.0.0.0 Safari/537.36"),
          new DeviceProfile(
              "desktop",
              "macOS",
              "Safari",
              "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like"
                  + " Gecko) Version/17.5 Safari/605.1.15"),
          new DeviceProfile(
              "desktop",
              "Linux",
              "Firefox",
              "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0"),
          new DeviceProfile(
              "mobile",
              "iOS",
              "Safari",
              "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
                  + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"),
          new DeviceProfile(
              "mobile",
              "Android",
              "Chrome",
              "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                  + " Chrome/126.0.0.0 Mobile Safari/537.36"),
          new DeviceProfile(
              "tablet",
              "iPadOS",
              "Safari",
              "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
                  + " Gecko) Version/17.5 Mobile/15E148 Safari/604.1"));

  private static final Map<String, List<Product>> PRODUCTS_BY_CATEGORY =
      PRODUCTS.stream().collect(Collectors.groupingBy(Product::category));

  /** Relative weights of {@link #DEVICES}: mobile-heavy, as most shop traffic is today. */
  private static final int[] DEVICE_WEIGHTS = {30, 12, 3, 25, 22, 8};

  /** Campaign traffic; the rest of the sessions arrive without UTM tags. */
  static final List<Campaign> CAMPAIGNS =
      List.of(
          new Campaign("google", "cpc", "spring_sale", "https://www.google.com/"),
          new Campaign("google", "cpc", "brand", "https://www.google.com/"),
          new Campaign("newsletter", "email", "weekly_digest", null),
          new Campaign("facebook", "social", "retargeting", "https://www.facebook.com/"),
          new Campaign("instagram", "social", "summer_launch", "https://www.instagram.com/"),
          new Campaign("partner_blog", "affiliate", null, "https://blog.partner.example/"));

  /** Referrers of sessions that arrive without UTM tags; null means typed-in or bookmarked. */
  static final List<String> ORGANIC_REFERRERS =
      Arrays.asList(
          null,
          null,
          "https://www.google.com/",
          "https://duckduckgo.com/",
          "https://www.bing.com/");

  static final List<String> SEARCH_QUERIES =
      List.of(
          "rain jacket",
          "trail shoes",
          "tent 2 person",
          "headlamp",
          "merino",
          "backpack 30l",
          "gore-tex boots",
          "water filter");

  static final List<String> CLICK_TARGETS =
      List.of(
          "nav-deals",
          "nav-new",
          "filter-size",
          "filter-color",
          "sort-price",
          "banner-hero",
          "reviews-tab",
          "size-guide");

  static final List<String> FIRST_NAMES =
      List.of("alex", "sam", "kim", "lena", "omar", "yuki", "maria", "jon", "priya", "tom");

  static final List<String> EMAIL_DOMAINS = List.of("example.com", "example.org", "example.net");

  /**
   * One event part per catalog entry, shared by every session that uses the entry: {@link
   * EventWriter} serialises each instance once, so sharing them saves most of the writing.
   */
  private static final Map<DeviceProfile, ClickEvent.Device> DEVICE_PARTS =
      DEVICES.stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  device -> device,
                  device ->
                      new ClickEvent.Device(
                          device.type(), device.os(), device.browser(), device.userAgent())));

  private static final Map<Location, ClickEvent.Geo> GEO_PARTS =
      LOCATIONS.stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  location -> location,
                  location ->
                      new ClickEvent.Geo(location.country(), location.region(), location.city())));

  private static final Map<String, ClickEvent.Geo> COUNTRY_ONLY_GEO_PARTS =
      LOCATIONS.stream()
          .map(Location::country)
          .distinct()
          .collect(
              Collectors.toUnmodifiableMap(
                  country -> country, country -> new ClickEvent.Geo(country, null, null)));

  private static final Map<Campaign, ClickEvent.Marketing> MARKETING_PARTS =
      CAMPAIGNS.stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  campaign -> campaign,
                  campaign ->
                      new ClickEvent.Marketing(
                          campaign.source(), campaign.medium(), campaign.campaign())));

  private Catalog() {}

  static ClickEvent.Device devicePart(DeviceProfile device) {
    return DEVICE_PARTS.get(device);
  }

  /**
   * @param countryOnly the geo lookup resolved the country alone
   */
  static ClickEvent.Geo geoPart(Location location, boolean countryOnly) {
    return countryOnly ? COUNTRY_ONLY_GEO_PARTS.get(location.country()) : GEO_PARTS.get(location);
  }

  static ClickEvent.Marketing marketingPart(Campaign campaign) {
    return MARKETING_PARTS.get(campaign);
  }

  static <T> T pick(List<T> items, RandomGenerator random) {
    return items.get(random.nextInt(items.size()));
  }

  static DeviceProfile pickDevice(RandomGenerator random) {
    int total = 0;
    for (int weight : DEVICE_WEIGHTS) {
      total += weight;
    }
    int draw = random.nextInt(total);
    for (int i = 0; i < DEVICE_WEIGHTS.length; i++) {
      draw -= DEVICE_WEIGHTS[i];
      if (draw < 0) {
        return DEVICES.get(i);
      }
    }
    throw new AssertionError("weights exhausted");
  }

  static Product pickProduct(String category, RandomGenerator random) {
    return pick(PRODUCTS_BY_CATEGORY.get(category), random);
  }

  private static Product product(String id, String name, String category, String usdPrice) {
    return new Product(id, name, category, new BigDecimal(usdPrice));
  }

  private static Location location(
      String country,
      String region,
      String city,
      String currency,
      String usdRate,
      int minorDigits,
      int ipFirstOctet) {
    return new Location(
        country, region, city, currency, new BigDecimal(usdRate), minorDigits, ipFirstOctet);
  }
}
