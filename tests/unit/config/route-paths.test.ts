import { strict as assert } from "assert";
import { routeServes } from "../../../components/config";

describe("config: which paths a route's PathPrefix list reaches", () => {
    it("matches whole path segments; a trailing slash is ignored; / reaches everything", () => {
        assert.equal(routeServes(["/api"], "/api"), true);
        assert.equal(routeServes(["/api"], "/api/health"), true);
        assert.equal(routeServes(["/api"], "/apihealth"), false);
        assert.equal(routeServes(["/api/"], "/api"), true);
        assert.equal(routeServes(["/api", "/health"], "/ready"), false);
        assert.equal(routeServes(["/"], "/ready"), true);
        assert.equal(routeServes(["/ws"], "/ws/"), true);
    });
});
