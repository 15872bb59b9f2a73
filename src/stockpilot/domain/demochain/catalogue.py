"""Demo catalogue: turn an Online Retail product description into a Hong Kong shop's product.

The demo chain sells the real SKUs of UCI Online Retail II (a UK gift and household
wholesaler; Chen, Sain & Guo 2012; Chen 2019; CC BY 4.0), whose descriptions are
English and upper case ("WHITE HANGING HEART T-LIGHT HOLDER"). For the demo each
gets a tidy English name, a category, a department and a Chinese name.

The Chinese name is a **word-by-word gloss for a demo, not a translation**: the
words of the description are looked up, in order, in a small glossary of the words
common in these descriptions (colours, materials, patterns, themes and item nouns);
unknown words are dropped, numbers are kept ("PACK OF 72" becomes "72件裝"). English
puts adjectives before the noun as Chinese does, so "WHITE HANGING HEART T-LIGHT
HOLDER" reads "白色掛式心形燭台". When no item noun of the description is known, the
name falls back to the category's Chinese name and the product code ("禮品 21175").

Pure: standard library only, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CATEGORIES = (
    "Kitchen & Baking",
    "Home Decor",
    "Lighting & Candles",
    "Bags & Storage",
    "Stationery & Cards",
    "Festive",
    "Toys & Games",
    "Garden",
    "Gifts",
    "Textiles",
)

CATEGORY_ZH: dict[str, str] = {
    "Kitchen & Baking": "廚房烘焙",
    "Home Decor": "家居裝飾",
    "Lighting & Candles": "燈飾蠟燭",
    "Bags & Storage": "袋及收納",
    "Stationery & Cards": "文具賀卡",
    "Festive": "節日派對",
    "Toys & Games": "玩具遊戲",
    "Garden": "園藝",
    "Gifts": "禮品",
    "Textiles": "家居布藝",
}

DEPARTMENTS = ("Household", "Gifts & Seasonal")

DEPARTMENT_OF: dict[str, str] = {
    "Kitchen & Baking": "Household",
    "Home Decor": "Household",
    "Lighting & Candles": "Household",
    "Bags & Storage": "Household",
    "Textiles": "Household",
    "Garden": "Household",
    "Stationery & Cards": "Gifts & Seasonal",
    "Festive": "Gifts & Seasonal",
    "Toys & Games": "Gifts & Seasonal",
    "Gifts": "Gifts & Seasonal",
}

DEFAULT_CATEGORY = "Gifts"


@dataclass(frozen=True)
class CatalogueEntry:
    name_en: str
    name_zh: str
    category: str
    department: str


# --- glossary -----------------------------------------------------------------
# Keys are one word or a phrase of up to three words (upper case, as tokenised below).
# Item nouns: at least one of them must be found for a gloss (else the fallback name).

_NOUNS: dict[str, str] = {
    # phrases first in spirit: matched longest-first, whatever their place here
    "T-LIGHT HOLDER": "燭台",
    "CAKE CASES": "蛋糕紙杯",
    "CUP CAKE CASES": "蛋糕紙杯",
    "HOT WATER BOTTLE": "暖水袋",
    "TEA TOWEL": "茶巾",
    "TEA TOWELS": "茶巾",
    "OVEN GLOVE": "隔熱手套",
    "OVEN MITT": "隔熱手套",
    "WASHING UP GLOVES": "洗碗手套",
    "HAND WARMER": "暖手包",
    "WATERING CAN": "花灑",
    "KEY FOB": "鎖匙扣",
    "MONEY BANK": "錢罌",
    "MONEY BOX": "錢罌",
    "PIGGY BANK": "錢罌",
    "PICTURE FRAME": "相架",
    "PHOTO FRAME": "相架",
    "MEMO BOARD": "留言板",
    "DRAWING SLATE": "畫板",
    "PLAYING CARDS": "啤牌",
    "SOFT TOY": "毛公仔",
    "TEDDY BEAR": "泰迪熊",
    "FOOD COVER": "食物罩",
    "LUNCH BOX": "午餐盒",
    "GIFT BOX": "禮盒",
    "GIFT BOXES": "禮盒",
    "GIFT BAG": "禮物袋",
    "GIFT TAGS": "禮物吊牌",
    "LUGGAGE TAG": "行李牌",
    "PASSPORT COVER": "護照套",
    "CUSHION COVER": "咕𠱸套",
    "WASTEPAPER BIN": "廢紙箱",
    "MEASURING TAPE": "軟尺",
    "SPINNING TOPS": "陀螺",
    "SKIPPING ROPE": "跳繩",
    "WATER BOMB": "水彈",
    "FIRST AID TIN": "急救罐",
    "PHOTO CUBE": "相片立方",
    "ADDRESS BOOK": "地址簿",
    "STICKER SHEET": "貼紙",
    "CANDLE STICK": "燭台",
    "CANDLE HOLDER": "燭台",
    "T-LIGHT CANDLES": "小蠟燭",
    "SHOPPER BAG": "購物袋",
    "PICNIC HAMPER": "野餐籃",
    "OVERNIGHT BAG": "旅行袋",
    "AIRLINE BAG": "航空袋",
    "PENCIL CASE": "筆袋",
    "TOY TIDY": "玩具收納箱",
    "WRAPPING PAPER": "包裝紙",
    "GREETING CARD": "賀卡",
    "CARD HOLDER": "卡座",
    "CARD GAME": "紙牌遊戲",
    "MEMO HOLDER": "便條夾",
    "TEA SET": "茶具",
    "TEA GLASS": "茶杯",
    "TEA COFFEE SUGAR": "茶咖啡糖罐",
    "FRYING PAN": "煎鑊",
    "MILK PAN": "奶鍋",
    "WASH BOWL": "洗手盆",
    "BEURRE DISH": "牛油碟",
    "SEAT CUSHION": "座墊",
    "PLACE SETTING": "餐桌擺設",
    "PAPER CHAIN": "紙鏈",
    "RIBBON REEL": "絲帶卷",
    "ROCKING HORSE": "木馬",
    "RATTLE SNAKE": "響尾蛇",
    "RAIN MAC": "雨衣",
    "BLACK BOARD": "黑板",
    "DISCO BALL": "燈球",
    "FLY SWAT": "蒼蠅拍",
    "BATH SALTS": "浴鹽",
    "EGG HOUSE": "蛋屋",
    "TREASURE CHEST": "寶箱",
    # single words
    "BAG": "袋",
    "BAGS": "袋",
    "SHOPPER": "購物袋",
    "WASHBAG": "洗漱袋",
    "PURSE": "銀包",
    "BASKET": "籃",
    "HAMPER": "野餐籃",
    "BOX": "盒",
    "BOXES": "盒",
    "TIN": "罐",
    "TINS": "罐",
    "JAR": "樽",
    "BOTTLE": "樽",
    "CHEST": "箱",
    "CRATES": "木箱",
    "CABINET": "櫃",
    "HOLDER": "座",
    "CANDLEHOLDER": "燭台",
    "LIGHT": "燈",
    "LIGHTS": "燈串",
    "NIGHTLIGHT": "夜燈",
    "T-LIGHT": "小蠟燭",
    "T-LIGHTS": "小蠟燭",
    "CANDLE": "蠟燭",
    "CANDLES": "蠟燭",
    "CHOCOLATECANDLE": "朱古力蠟燭",
    "LANTERN": "燈籠",
    "LANTERNS": "燈籠",
    "LAMPSHADE": "燈罩",
    "TORCH": "電筒",
    "MATCHES": "火柴",
    "INCENSE": "香",
    "MUG": "杯",
    "CUP": "杯",
    "CUPS": "杯",
    "TEACUP": "茶杯",
    "TUMBLER": "水杯",
    "SAUCER": "碟",
    "PLATE": "碟",
    "PLATES": "碟",
    "PLATTER": "大盤",
    "DISH": "碟",
    "BOWL": "碗",
    "TRAY": "托盤",
    "JUG": "壺",
    "TEAPOT": "茶壺",
    "CASES": "紙杯",
    "CUTLERY": "餐具",
    "SPOON": "匙羹",
    "LADLE": "湯殼",
    "PAN": "鍋",
    "COLANDER": "隔水籃",
    "SCALES": "磅",
    "STRAWS": "飲管",
    "CHOPSTICKS": "筷子",
    "COASTER": "杯墊",
    "COASTERS": "杯墊",
    "PLACEMAT": "餐墊",
    "NAPKINS": "餐巾",
    "DOILIES": "紙墊",
    "TISSUES": "紙巾",
    "TISSUE": "紙巾",
    "APRON": "圍裙",
    "COSY": "保暖套",
    "CONTAINER": "盒",
    "STAND": "架",
    "RACK": "架",
    "CARD": "卡",
    "CARDS": "卡",
    "CARDHOLDER": "卡座",
    "POSTCARD": "明信片",
    "INVITES": "邀請卡",
    "NOTEBOOK": "筆記簿",
    "NOTEBOOKS": "筆記簿",
    "JOURNAL": "日記簿",
    "SKETCHBOOK": "素描簿",
    "CALENDAR": "月曆",
    "PEN": "筆",
    "PENCIL": "鉛筆",
    "PENCILS": "鉛筆",
    "STICKER": "貼紙",
    "STICKERS": "貼紙",
    "WRAP": "包裝紙",
    "TAPE": "膠紙",
    "RIBBON": "絲帶",
    "RIBBONS": "絲帶",
    "STAMP": "印章",
    "CHALK": "粉筆",
    "MEMOBOARD": "留言板",
    "CHALKBOARD": "黑板",
    "MAGNETS": "磁貼",
    "BADGES": "襟章",
    "SIGN": "牌",
    "DECORATION": "裝飾",
    "GARLAND": "花環",
    "WREATH": "花圈",
    "BUNTING": "旗串",
    "BALLOON": "氣球",
    "BALLOONS": "氣球",
    "CONFETTI": "彩紙",
    "BELL": "鈴",
    "BELLS": "鈴",
    "CLOCK": "鐘",
    "MIRROR": "鏡",
    "FRAME": "框",
    "DOORSTOP": "門擋",
    "DOORMAT": "地墊",
    "DOORBELL": "門鐘",
    "HOOK": "掛鈎",
    "HANGER": "掛牌",
    "KNOB": "拉手",
    "MOBILE": "吊飾",
    "LETTERS": "字母",
    "SHELF": "層架",
    "CUSHION": "咕𠱸",
    "TOWEL": "毛巾",
    "FLANNEL": "毛巾仔",
    "BIB": "口水肩",
    "SCARF": "頸巾",
    "HAMMOCK": "吊床",
    "COVER": "套",
    "GLOVE": "手套",
    "GLOVES": "手套",
    "HAIRBAND": "髮箍",
    "BRACELET": "手鏈",
    "UMBRELLA": "雨傘",
    "PARASOL": "陽傘",
    "FAN": "扇",
    "SOAP": "番梘",
    "SPONGE": "海綿",
    "CALCULATOR": "計數機",
    "TOY": "玩具",
    "DOLL": "公仔",
    "JIGSAW": "拼圖",
    "GAME": "遊戲",
    "SKITTLES": "保齡樽",
    "LUDO": "飛行棋",
    "DOMINOES": "骨牌",
    "MARBLES": "波子",
    "HARMONICA": "口琴",
    "BLOCK": "積木",
    "BLOCKS": "積木",
    "HELICOPTER": "直升機",
    "WINDMILL": "風車",
    "KIT": "套裝",
    "SET": "套裝",
    "TROWEL": "泥鏟",
    "RAKE": "耙",
    "FORK": "叉",
    "SECATEURS": "花剪",
    "PEGS": "夾",
    "TWINE": "麻繩",
    "BIRDHOUSE": "雀屋",
    "BIRDCAGE": "雀籠",
    "PLANT": "植物",
    "POT": "盆",
    "TREE": "樹",
    "TRINKET": "小飾物",
    "TUBE": "筒",
    "TUB": "桶",
    "LID": "蓋",
    "REEL": "卷",
    "CONES": "紙筒",
    "CONE": "紙筒",
    "STENCIL": "模板",
    "PLASTERS": "膠布",
    "PATCHES": "布貼",
    "HAIRCLIPS": "髮夾",
    "HOTTIE": "暖水袋",
    "TRELLIS": "花格",
    "STOCKING": "聖誕襪",
    "BRUSH": "掃",
    "BALL": "球",
    "GEMS": "寶石",
    "BEADS": "珠",
    "BOTTLES": "樽",
    "PLAYHOUSE": "遊戲屋",
    # theme words that are often the object itself ("PORCELAIN ROSE", "WICKER STAR")
    "HEART": "心形",
    "HEARTS": "心形",
    "STAR": "星星",
    "STARS": "星星",
    "ROSE": "玫瑰",
    "ROSES": "玫瑰",
    "FLOWER": "花",
    "FLOWERS": "花",
    "BIRD": "雀鳥",
    "BIRDS": "雀鳥",
    "BUTTERFLY": "蝴蝶",
    "RABBIT": "兔",
    "BUNNY": "兔仔",
    "BUNNIES": "兔仔",
    "CHICK": "小雞",
    "CHICKS": "小雞",
    "CHICKEN": "雞",
    "HEN": "母雞",
    "ANIMAL": "動物",
    "ANIMALS": "動物",
    "DINOSAUR": "恐龍",
    "SNAKE": "蛇",
    "TOADSTOOL": "蘑菇",
    "MUSHROOM": "蘑菇",
    "ANGEL": "天使",
    "SANTA": "聖誕老人",
    "PEARS": "啤梨",
    "PEAR": "啤梨",
    "FRUITS": "水果",
    "EGGS": "蛋",
}

_MODIFIERS: dict[str, str] = {
    # colours
    "RED": "紅色",
    "PINK": "粉紅色",
    "BLUE": "藍色",
    "WHITE": "白色",
    "GREEN": "綠色",
    "BLACK": "黑色",
    "IVORY": "象牙色",
    "CREAM": "米色",
    "BROWN": "啡色",
    "SILVER": "銀色",
    "GREY": "灰色",
    "YELLOW": "黃色",
    "PURPLE": "紫色",
    "ORANGE": "橙色",
    "GOLD": "金色",
    "TURQUOISE": "湖水綠",
    "NATURAL": "原色",
    "MULTICOLOUR": "多色",
    "COLOURED": "彩色",
    "COLOUR": "彩色",
    "COLOURS": "彩色",
    "ASSORTED": "雜款",
    "ASSTD": "雜款",
    "SKY BLUE": "天藍色",
    "MINT GREEN": "薄荷綠",
    # materials
    "METAL": "金屬",
    "WOODEN": "木製",
    "WOOD": "木",
    "PAPER": "紙",
    "GLASS": "玻璃",
    "CERAMIC": "陶瓷",
    "PORCELAIN": "瓷",
    "ZINC": "鋅鐵",
    "FELT": "毛氈",
    "FELTCRAFT": "毛氈",
    "ENAMEL": "搪瓷",
    "SLATE": "石板",
    "COTTON": "棉",
    "SILK": "絲綢",
    "WICKER": "藤編",
    "FABRIC": "布藝",
    "LACE": "蕾絲",
    "CRYSTAL": "水晶",
    "BEADED": "串珠",
    "GLITTER": "閃粉",
    "FEATHER": "羽毛",
    "CROCHET": "鈎織",
    "KNITTED": "針織",
    "JEWELLED": "寶石",
    "HONEYCOMB": "蜂巢",
    # patterns and styles
    "RETROSPOT": "圓點",
    "RETRO SPOT": "圓點",
    "POLKADOT": "波點",
    "SPOTTY": "波點",
    "SPOT": "圓點",
    "SPOTS": "圓點",
    "STRIPE": "條紋",
    "STRIPES": "條紋",
    "GINGHAM": "格仔",
    "PAISLEY": "佩斯利花紋",
    "FLORAL": "花卉",
    "VINTAGE": "復古",
    "RETRO": "復古",
    "FRENCH": "法式",
    "ENGLISH": "英式",
    "UNION": "英國旗",
    "UNION FLAG": "英國旗",
    "TRADITIONAL": "傳統",
    "CLASSIC": "經典",
    "VICTORIAN": "維多利亞式",
    "EDWARDIAN": "愛德華式",
    "REGENCY": "攝政式",
    "RUSTIC": "鄉村風",
    "MODERN": "現代",
    "ANTIQUE": "古典",
    "BAKELIKE": "電木風",
    "PAINTED": "彩繪",
    "HANGING": "掛式",
    "SCENTED": "香薰",
    "SCENT": "香薰",
    "3D": "立體",
    # sizes and shapes
    "SMALL": "小",
    "LARGE": "大",
    "BIG": "大",
    "MINI": "迷你",
    "JUMBO": "特大",
    "GIANT": "巨型",
    "TALL": "高身",
    "ROUND": "圓形",
    "SQUARE": "方形",
    "RECTANGLE": "長方形",
    "FOLDING": "摺疊",
    # themes
    "LOVE": "愛心",
    "SKULL": "骷髏",
    "SKULLS": "骷髏",
    "LAVENDER": "薰衣草",
    "VANILLA": "雲呢拿",
    "BOTANICAL": "植物",
    "STRAWBERRY": "士多啤梨",
    "APPLE": "蘋果",
    "APPLES": "蘋果",
    "CHERRY": "車厘子",
    "LOVEBIRD": "愛情鳥",
    "SWALLOW": "燕子",
    "SWALLOWS": "燕子",
    "OWL": "貓頭鷹",
    "DOG": "狗",
    "CAT": "貓",
    "FAIRY": "仙子",
    "FAIRY CAKE": "杯子蛋糕",
    "FAIRY CAKES": "杯子蛋糕",
    "CAKE": "蛋糕",
    "ICE CREAM": "雪糕",
    "CHOCOLATE": "朱古力",
    "BISCUIT": "餅乾",
    "TEA": "茶",
    "COFFEE": "咖啡",
    "MILK": "牛奶",
    "EGG": "蛋",
    "LUNCH": "午餐",
    "SNACK": "小食",
    "FOOD": "食物",
    "DINNER": "晚餐",
    "TV DINNER": "電視餐",
    "BREAKFAST": "早餐",
    "BAKING": "烘焙",
    "KITCHEN": "廚房",
    "BATHROOM": "浴室",
    "HOME": "家居",
    "GARDEN": "花園",
    "WOODLAND": "林地",
    "MAGIC": "魔法",
    "CIRCUS": "馬戲團",
    "PARADE": "巡遊",
    "SPACEBOY": "太空男孩",
    "DOLLY": "洋娃娃",
    "GIRL": "女孩",
    "GIRLS": "女孩",
    "BOYS": "男孩",
    "KIDS": "兒童",
    "CHILDS": "兒童",
    "CHILDRENS": "兒童",
    "CHILDREN'S": "兒童",
    "BABUSHKA": "俄羅斯娃娃",
    "SWEETHEART": "甜心",
    "LONDON": "倫敦",
    "PARIS": "巴黎",
    "CHRISTMAS": "聖誕",
    "EASTER": "復活節",
    "PARTY": "派對",
    "BIRTHDAY": "生日",
    "HAPPY": "快樂",
    "MERRY": "快樂",
    "WELCOME": "歡迎",
    "PICNIC": "野餐",
    "TRAVEL": "旅行",
    "SEWING": "針線",
    "DOOR": "門",
    "WALL": "牆",
    "ALARM": "鬧",
    "HOT": "熱",
    "WATER": "水",
    "GIFT": "禮物",
    "KEY": "鎖匙",
    "CHARLIE": "查理",
    "LOLA": "蘿拉",
    "CROSSBONES": "交叉骨",
    "GROW YOUR OWN": "自種",
    "HERBS": "香草",
    "FIRST AID": "急救",
    "LIGHT PINK": "淺粉紅色",
    "HOT PINK": "桃紅色",
    "COAL BLACK": "黑色",
    "BLACKBLUE": "黑藍色",
    "CHECK": "格仔",
    "PILLAR": "柱形",
    "TAPER": "幼身",
    "WICK": "芯",
    "BATH": "沐浴",
    "TEA TIME": "下午茶",
    "TEATIME": "下午茶",
    "TEA PARTY": "茶會",
    "LOVE HEART": "愛心",
    "HAPPY EASTER": "復活節快樂",
    "MERRY CHRISTMAS": "聖誕快樂",
    "HAPPY BIRTHDAY": "生日快樂",
    "SILVER PLATE": "鍍銀",
    "BONE CHINA": "骨瓷",
    "TUTTI FRUTTI": "雜果",
    "FAIRY TALE": "童話",
    "CRAFT": "手工",
    "PIZZA": "薄餅",
    "DOUGHNUT": "冬甩",
    "FRIDGE": "雪櫃",
    "SWIRLY": "漩渦",
    "PANDA": "熊貓",
    "CAMOUFLAGE": "迷彩",
    "HOLLY": "冬青",
    "GOOSE": "鵝",
    "LILY": "百合",
    "CANDY": "糖果",
    "PIRATE": "海盜",
    "BAMBOO": "竹",
    "CHINESE": "中式",
    "DRAGON": "龍",
    "BERRIES": "莓果",
    "WOVEN": "編織",
    "BEAD": "串珠",
    "OVAL": "橢圓形",
    "HANDBAG": "手袋",
    "MONSTERS": "怪獸",
    "ELEPHANT": "大象",
    "MUSICAL": "音樂",
    "PRESENT": "禮物",
    "MARKET": "市集",
    "PEACOCK": "孔雀",
    "PADDED": "軟墊",
    "TOKYO": "東京",
    "COTTAGE": "小屋",
    "MOROCCAN": "摩洛哥",
    "ALPHABET": "字母",
    "ENCHANTED FOREST": "魔法森林",
    "COSY HOUR": "悠閒",
}

# Joining words: kept only between two glossed words ("TEA CUP AND SAUCER" -> 茶杯及碟).
_CONNECTORS: dict[str, str] = {"AND": "及", "WITH": "配", "W": "配", "&": "及", "+": "及"}

_GLOSSARY: dict[tuple[str, ...], tuple[str, bool]] = {
    **{tuple(k.split()): (v, False) for k, v in _MODIFIERS.items()},
    **{tuple(k.split()): (v, True) for k, v in _NOUNS.items()},
}
_LONGEST = max(len(k) for k in _GLOSSARY)

# "PACK OF 72", "SET OF 4", "SET/6", "S/4", "PACK 20", "11 PC"
_PACK_WORDS = {"PACK": "件裝", "SET": "件套", "S": "件套"}

# --- categories ---------------------------------------------------------------
# Tried in order; the first rule with a keyword (a word or a run of words) in the
# description decides. Strong item nouns come before theme words.

_RULES: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (category, frozenset(k.strip() for k in keywords.split(",")))
    for category, keywords in (
        ("Festive", "CHRISTMAS, XMAS, EASTER, NOEL, SANTA, ADVENT, HALLOWEEN, SNOWY, REINDEER, PANNETONE"),
        (
            "Lighting & Candles",
            "CANDLE, CANDLES, T-LIGHT, T-LIGHTS, CANDLEHOLDER, CHOCOLATECANDLE, LANTERN, LANTERNS, LAMPSHADE, "
            "LAMP, NIGHTLIGHT, TORCH, LIGHTS, INCENSE, MATCHES, WICK, CANDLE STICK",
        ),
        (
            "Toys & Games",
            "GAME, JIGSAW, DOLL, SOFT TOY, SKITTLES, LUDO, DOMINOES, MARBLES, HARMONICA, TEDDY, CROQUET, ROUNDERS, "
            "SKIPPING ROPE, PLAYING CARDS, DRAWING SLATE, SPINNING TOPS, PLAYHOUSE, HELICOPTER, WATER BOMB, RATTLE, "
            "ALPHABET BLOCKS, ROCKING HORSE",
        ),
        (
            "Stationery & Cards",
            "CARD, CARDS, CARDHOLDER, NOTEBOOK, NOTEBOOKS, JOURNAL, SKETCHBOOK, PEN, PENCIL, PENCILS, WRAP, "
            "WRAPPING, STICKER, STICKERS, POSTCARD, CALENDAR, STATIONERY, INVITES, GIFT TAGS, MEMO, MEMOBOARD, "
            "STAMP, CHALK, ADDRESS BOOK, GIFT TAPE, WRITING SET, ENVELOPE, RIBBON, RIBBONS, PAPER CHAIN",
        ),
        (
            "Home Decor",
            "SIGN, CLOCK, MIRROR, FRAME, DOORSTOP, DOORMAT, DOORBELL, CHALKBOARD, BLACK BOARD, BATH, BATHROOM, SOAP, "
            "SHELF, GEMS",
        ),
        (
            "Gifts",
            "FIRST AID, PLASTERS, MONEY BANK, PIGGY BANK, MONEY BOX, HAND WARMER, LUGGAGE TAG, PASSPORT COVER, "
            "KEY FOB, BRACELET, UMBRELLA, BADGES",
        ),
        (
            "Kitchen & Baking",
            "MUG, MUGS, CUP, CUPS, TEACUP, SAUCER, PLATE, PLATES, PLATTER, BOWL, BOWLS, DISH, TRAY, JUG, TEAPOT, "
            "CASES, CUTLERY, SPOON, LADLE, PAN, COLANDER, SCALES, STRAWS, CHOPSTICKS, COASTER, COASTERS, PLACEMAT, "
            "NAPKINS, DOILIES, APRON, MITT, OVEN GLOVE, FOOD COVER, FOOD CONTAINER, LUNCH, BAKING, TUMBLER, "
            "TEA GLASS, JAR, TIN, TINS, COSY, EGG HOLDER, BREAKFAST, MICROWAVE, CAKE STAND, TEA SET, SNACK, "
            "TEA TOWEL, TEA TOWELS, WASHING UP, LID",
        ),
        (
            "Textiles",
            "CUSHION, TOWEL, TOWELS, FLANNEL, BIB, SCARF, KNITTING, SEWING, PATCHES, HOTTIE, HOT WATER, "
            "HAIRBAND, HAIRCLIPS, RAIN MAC",
        ),
        (
            "Bags & Storage",
            "BAG, BAGS, SHOPPER, PURSE, WASHBAG, BASKET, HAMPER, STORAGE, TIDY, CHEST, CRATES, CABINET, BIN, "
            "BOX, BOXES",
        ),
        (
            "Festive",
            "PARTY, BUNTING, BALLOON, BALLOONS, CONFETTI, GARLAND, WREATH, BIRTHDAY, CELEBRATION, CONES, HONEYCOMB",
        ),
        (
            "Garden",
            "GARDEN, PARASOL, WATERING CAN, TROWEL, RAKE, SECATEURS, HAMMOCK, PLANT, BIRDHOUSE, BIRDCAGE, GROW, "
            "HERBS, PEGS, TWINE, WINDMILL, FLY SWAT, PICNIC, POTTING",
        ),
        ("Toys & Games", "TOY, CRAFT, FELTCRAFT, STENCIL, BLOCKS, BUILDING BLOCK, KIDS, SNAKE, PUMP"),
        (
            "Home Decor",
            "DECORATION, HOOK, HANGER, KNOB, MOBILE, TRELLIS, LETTERS, HANGING, ORNAMENT, PHOTO, VASE, DOOR, WALL, "
            "BOTTLE, BEADS, CURIO, BELL, BELLS, STAR, TRINKET",
        ),
    )
)

_TOKEN = re.compile(r"[A-Z0-9]+(?:['-][A-Z0-9]+)*|[&+]")
_ACRONYMS = frozenset({"TV", "LED", "PC", "WC", "UK", "USA", "DVD", "DIY"})
_MINOR = frozenset({"of", "and", "in", "with", "on", "the", "a", "for", "to", "w"})
_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")


def tokens(description: str) -> list[str]:
    """The description's words, upper case: ``"SET/6 T-LIGHTS,PINK"`` -> ``["SET", "6", "T-LIGHTS", "PINK"]``."""
    return _TOKEN.findall(description.upper())


def tidy_name(description: str) -> str:
    """The description in title case, spaces collapsed, numbers and sizes kept ("Pack of 72 Retrospot Cake Cases")."""
    text = " ".join(description.split())
    text = re.sub(r"\s+([,.])", r"\1", text)  # "FOB , SHED" -> "FOB, SHED"
    text = re.sub(r",(?=[A-Za-z])", ", ", text)  # "TEA,COFFEE" -> "TEA, COFFEE"
    text = text.strip(" ,.")

    def word(match: re.Match[str]) -> str:
        letters, start = match.group(0), match.start()
        before = text[start - 1] if start else ""
        if before.isdigit():  # 125g, 3D, 30CMx30CM: sizes stay as written
            return letters
        if before == "'":  # CHILDREN'S -> Children's
            return letters.lower()
        if letters.upper() in _ACRONYMS:
            return letters.upper()
        after = text[match.end()] if match.end() < len(text) else " "
        if start and before == " " and after == " " and letters.lower() in _MINOR:
            return letters.lower()
        return letters[:1].upper() + letters[1:].lower()

    return re.sub(r"[A-Za-z]+", word, text)


def _join(pieces: list[str]) -> str:
    out = ""
    for piece in pieces:
        if out and (_ASCII_ALNUM.match(out[-1]) or _ASCII_ALNUM.match(piece[0])):
            out += " "
        out += piece
    return out


def chinese_gloss(description: str) -> str | None:
    """The word-by-word Chinese gloss of a description, or None when none of its item nouns is known."""
    words = tokens(description)
    counts: list[str] = []  # "72件裝" and the like, put first
    pieces: list[tuple[str, str]] = []  # (kind, text); kind "word", "connector" or "gap" (an unknown word)
    has_noun = False
    i = 0
    while i < len(words):
        w = words[i]
        if w in _PACK_WORDS:  # PACK OF 72, SET OF 4, SET/6, S/4, PACK 20; a bare "SET OF" says nothing
            j = i + 1 + (i + 1 < len(words) and words[i + 1] == "OF")
            if j < len(words) and words[j].isdigit():
                counts.append(f"{int(words[j])}{_PACK_WORDS[w]}")
                i = j + 1
                continue
            if w == "SET" and j == i + 2:
                i = j
                continue
        if w.isdigit() and i + 1 < len(words) and words[i + 1] == "PC":  # 11 PC
            counts.append(f"{int(w)}件")
            i += 2
            continue
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            hit = _GLOSSARY.get(tuple(words[i : i + size]))
            if hit:
                zh, noun = hit
                has_noun |= noun
                if zh not in [text for kind, text in pieces if kind == "word"][-1:]:  # "SOAP SOAP", "HOME .. HOME"
                    pieces.append(("word", zh))
                i += size
                break
        else:
            if w in _CONNECTORS:
                pieces.append(("connector", _CONNECTORS[w]))
            elif any(c.isdigit() for c in w):  # 1, 36, 125G, A6: kept as written
                pieces.append(("word", w.lower() if w[-1] == "G" and w[:-1].isdigit() else w))
            else:
                pieces.append(("gap", ""))
            i += 1
    if not has_noun:
        return None
    kept = [
        text
        for n, (kind, text) in enumerate(pieces)
        if kind == "word"
        or (kind == "connector" and 0 < n < len(pieces) - 1 and pieces[n - 1][0] == pieces[n + 1][0] == "word")
    ]
    return _join(counts + kept)


def category_of(description: str) -> str:
    """The first category whose keyword (word or run of words) appears in the description; "Gifts" if none."""
    words = tokens(description)
    runs = {" ".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
    for category, keywords in _RULES:
        if keywords & runs:
            return category
    return DEFAULT_CATEGORY


def catalogue_entry(description: str, code: str) -> CatalogueEntry:
    """The demo shop's product for an Online Retail description and product code."""
    category = category_of(description)
    gloss = chinese_gloss(description)
    name_zh = gloss if gloss and _CJK.search(gloss) else f"{CATEGORY_ZH[category]} {code}"
    return CatalogueEntry(
        name_en=tidy_name(description) or code,
        name_zh=name_zh,
        category=category,
        department=DEPARTMENT_OF[category],
    )
